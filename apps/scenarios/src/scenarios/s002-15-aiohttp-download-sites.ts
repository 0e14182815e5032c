import { defineScenario, out } from "../scenario.js";

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
    out(1, "https://www.python.org: 51601 characters"),
    out(1, "https://docs.python.org: 17035 characters"),
    out(1, "https://pypi.org: 20304 characters"),
    out(1, "https://peps.python.org: 571517 characters"),
  ],
  seconds: 1,
  waitingFor: ["@aio/http"],
});
