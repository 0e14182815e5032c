import { ClientSession } from "@aio/http";
import { type Coro, coroutine, createTask, gather, type Task, using } from "@aio/task";
import { startPageServer } from "../fixture-server.js";
import { defineScenario, out } from "../scenario.js";

/** Why the URLs differ from the recorded run. */
const LOCAL =
  "the recorded CPython run fetched the fixture server's URLs in place of the document's; the sample fetches " +
  "from the fixture but prints the document's URLs, as the catalogue's local stand-ins do";

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
  // A real server answers after a real second: sockets take real time.
  clock: "real",
  async main(io) {
    // The local stand-in for the four sites, each answer 1 s late (the stand-in's delay D): the lines
    // come at ≈1 s, not 4 s, because the requests overlap.
    const server = await startPageServer({ delay: 1 });
    try {
      const fetchUrl = coroutine(function* fetch_url(session: ClientSession, url: string) {
        // async with session.get(url) as response: return await response.text()
        return yield* using(session.get(server.local(url)), (response) => response.text());
      });
      const downloadSites = coroutine(function* download_sites(sites: string[]) {
        return yield* using(new ClientSession(), function* (session): Coro<string[]> {
          const tasks: Task<string>[] = [];
          for (const url of sites) {
            const task = createTask(fetchUrl(session, url));
            tasks.push(task);
          }
          return yield* gather(...tasks);
        });
      });
      const processSites = coroutine(function* process_sites(sites: string[]) {
        const results = yield* downloadSites(sites);
        sites.forEach((url, i) => {
          // len(html) counts characters (code points); the pages have no astral-plane ones.
          io.print(`${url}: ${[...(results[i] as string)].length} characters`);
        });
      });
      const main = coroutine(function* main() {
        const sites = [
          "https://www.python.org",
          "https://docs.python.org",
          "https://pypi.org",
          "https://peps.python.org",
        ];
        yield* processSites(sites);
      });
      await io.run(main());
    } finally {
      await server.close();
    }
  },
});
