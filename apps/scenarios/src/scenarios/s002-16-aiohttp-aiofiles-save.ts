import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-16-aiohttp-aiofiles-save",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "비동기 스트림 처리 › ‘aiofiles’와 ‘aiohttp’를 함께 사용",
  title: "Download three pages and save each with aiofiles",
  kind: "original",
  shows: "HTTP downloads and file writes combined; three html files appear in downloaded_sites/.",
  document:
    "Downloaded downloaded_sites\\www.python.org.html: 51601 characters\n" +
    "Downloaded downloaded_sites\\docs.python.org.html: 17035 characters\n" +
    "Downloaded downloaded_sites\\pypi.org.html: 20304 characters\n# downloaded_sites 디렉토리에 3개의 html 파일이 생성됨",
  expected: [
    out(1, "Downloaded downloaded_sites/www.python.org.html: 51601 characters"),
    out(1, "Downloaded downloaded_sites/docs.python.org.html: 17035 characters"),
    out(1, "Downloaded downloaded_sites/pypi.org.html: 20304 characters"),
  ],
  seconds: 1,
  waiting: {
    for: ["@aio/http", "@aio/fs", "@aio/executor"],
    reason: "needs @aio/http's ClientSession (issue 13) and @aio/fs (issue 12), which are not built yet",
  },
});
