import { join } from "node:path";
import { open } from "@aio/fs";
import { coroutine, using } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

/**
 * The file half of the document's `download_and_save`: the file name from the URL's last segment
 * (`os.path.join(folder, url.split('/')[-1] + '.html')`), the text written with aiofiles in UTF-8,
 * and what the program prints: the name and the text's length in characters (Python's `len`).
 * The HTTP half (`session.get(url)`, `response.text()`) waits for @aio/http.
 */
export const saveDownloaded = coroutine(function* save_downloaded(
  folder: string,
  url: string,
  content: string,
) {
  const filename = join(folder, `${url.split("/").at(-1)}.html`);
  // async with aiofiles.open(filename, 'w', encoding='UTF8') as f: await f.write(content)
  yield* using(open(filename, "w", { encoding: "UTF8" }), (f) => f.write(content));
  return [filename, [...content].length] as const;
});

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
    for: ["@aio/http"],
    reason:
      "needs @aio/http's ClientSession (issue 13); its file half (saveDownloaded, with @aio/fs) is built and tested",
  },
});
