import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { open } from "@aio/fs";
import { ClientSession } from "@aio/http";
import { coroutine, createTask, gather, using } from "@aio/task";
import { fixturePage } from "../fixture-pages.js";
import { startPageServer } from "../fixture-server.js";
import { defineScenario, out } from "../scenario.js";

/**
 * The file half of the document's `download_and_save`: the file name from the URL's last segment
 * (`os.path.join(folder, url.split('/')[-1] + '.html')`), the text written with aiofiles in UTF-8,
 * and what the program prints: the name and the text's length in characters (Python's `len`).
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
  // A real server answers after a real second: sockets take real time.
  clock: "real",
  workdir: { check: checkFiles },
  async main(io) {
    // The local stand-in for the sites, each answer 1 s late (the stand-in's delay D).
    const server = await startPageServer({ delay: 1 });
    try {
      const downloadAndSave = coroutine(function* download_and_save(
        session: ClientSession,
        url: string,
        folder: string,
      ) {
        // async with session.get(url) as response: content = await response.text(); … save it
        return yield* using(session.get(server.local(url)), function* (response) {
          const content = yield* response.text();
          return yield* saveDownloaded(folder, url, content);
        });
      });
      const processSites = coroutine(function* process_sites(sites: string[], folder: string) {
        const results = yield* using(new ClientSession(), function* (session) {
          const tasks = sites.map((url) => createTask(downloadAndSave(session, url, folder)));
          return yield* gather(...tasks);
        });
        for (const [filename, size] of results) io.print(`Downloaded ${filename}: ${size} characters`);
      });
      const main = coroutine(function* main() {
        const sites = ["https://www.python.org", "https://docs.python.org", "https://pypi.org"];
        const folder = "downloaded_sites";
        mkdirSync(folder, { recursive: true }); // os.makedirs(folder, exist_ok=True): a blocking call there too
        yield* processSites(sites, folder);
      });
      await io.run(main());
    } finally {
      await server.close();
    }
  },
});

/** The three files hold the pages, in UTF-8 (the document: "three html files are created"). */
function checkFiles(dir: string): string[] {
  const folder = join(dir, "downloaded_sites");
  const problems: string[] = [];
  const names = readdirSync(folder).sort();
  const want = ["docs.python.org.html", "pypi.org.html", "www.python.org.html"];
  if (names.join() !== want.join()) problems.push(`downloaded_sites holds ${names.join(", ")}`);
  for (const name of want) {
    const text = readFileSync(join(folder, name), "utf8");
    if (text !== fixturePage(name.slice(0, -5))) problems.push(`${name} is not the page that was served`);
  }
  return problems;
}
