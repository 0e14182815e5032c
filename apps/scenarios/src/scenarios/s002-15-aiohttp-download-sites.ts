import { defineScenario, out } from "../scenario.js";

/** Why the URLs differ from the recorded run. */
const LOCAL =
  "SCENARIOS.md's check ran the program with its URLs replaced by the fixture server's; the sample fetches " +
  "from the fixture but prints the document's URLs, as SCENARIOS.md's local stand-ins ask";

export default defineScenario({
  id: "S002-15-aiohttp-download-sites",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "비동기 스트림 처리 › aiohttp",
  title: "aiohttp: four pages downloaded concurrently, text lengths printed",
  kind: "original",
  shows: "A ClientSession fetches four pages concurrently (a local fixture server stands in for the sites).",
  document:
    "https://www.python.org: 51601 characters\nhttps://docs.python.org: 17035 characters\n" +
    "https://pypi.org: 20304 characters\nhttps://peps.python.org: 571517 characters",
  expected: [
    out(1, "https://www.python.org: 51601 characters", {
      python: { text: "http://127.0.0.1:8765/www.python.org: 51601 characters", why: LOCAL },
    }),
    out(1, "https://docs.python.org: 17035 characters", {
      python: { text: "http://127.0.0.1:8765/docs.python.org: 17035 characters", why: LOCAL },
    }),
    out(1, "https://pypi.org: 20304 characters", {
      python: { text: "http://127.0.0.1:8765/pypi.org: 20304 characters", why: LOCAL },
    }),
    out(1, "https://peps.python.org: 571517 characters", {
      python: { text: "http://127.0.0.1:8765/peps.python.org: 571517 characters", why: LOCAL },
    }),
  ],
  seconds: 1,
  waiting: {
    for: ["@aio/http"],
    reason: "needs the ClientSession of @aio/http, aiohttp's client (issue 13), which is not built yet",
  },
});
