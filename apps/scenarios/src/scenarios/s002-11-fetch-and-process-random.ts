import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

/**
 * The delays of the document's run (Python's `random.seed(7)` gives them, as the seeded recorded run shows). The
 * program draws `random.uniform(0.5, 2)` from this table, in call order.
 */
export const DOCUMENT_DELAYS = [0.986, 0.726, 1.476];

export default defineScenario({
  id: "S002-11-fetch-and-process-random",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "await",
  title: "Chained awaits per URL with random delays, gathered (≤2.5 s)",
  kind: "original",
  shows:
    "Each URL is fetched then processed (two chained awaits); the three chains run concurrently, the " +
    "Processing lines come in order of delay, and gather returns the results in URL order.",
  document:
    "Fetching data from http://example.com\nFetching data from http://example.org\nFetching data from http://example.net\n" +
    "Processing Data from http://example.org\nProcessing Data from http://example.com\nProcessing Data from http://example.net\n" +
    "Processed Data from http://example.com\nProcessed Data from http://example.org\nProcessed Data from http://example.net",
  expected: [
    out(0, "Fetching data from http://example.com"),
    out(0, "Fetching data from http://example.org"),
    out(0, "Fetching data from http://example.net"),
    out(0.726, "Processing Data from http://example.org"),
    out(0.986, "Processing Data from http://example.com"),
    out(1.476, "Processing Data from http://example.net"),
    out(1.976, "Processed Data from http://example.com"),
    out(1.976, "Processed Data from http://example.org"),
    out(1.976, "Processed Data from http://example.net"),
  ],
  observed: 1, // the seeded variant, whose delays are the document's
  seconds: 1.976,
  notes:
    "random.uniform(0.5, 2) draws from the table of the document's run (com 0.986, org 0.726, net 1.476 s), " +
    "which is what Python's random.seed(7) produces; Python's Mersenne Twister is not replayed.",
  async main(io) {
    const delays = [...DOCUMENT_DELAYS];
    const uniform = (lo: number, hi: number) => {
      const d = delays.shift();
      return d ?? lo + (hi - lo) * io.random();
    };
    const fetchData = coroutine(function* fetch_data(url: string) {
      io.print(`Fetching data from ${url}`);
      yield* sleep(uniform(0.5, 2)); // 네트워크 지연 시뮬레이션
      return `Data from ${url}`;
    });
    const processData = coroutine(function* process_data(data: string) {
      io.print(`Processing ${data}`);
      yield* sleep(0.5); // 처리 시간 시뮬레이션
      return `Processed ${data}`;
    });
    const fetchAndProcess = coroutine(function* fetch_and_process(url: string) {
      const data = yield* fetchData(url);
      return yield* processData(data);
    });
    const main = coroutine(function* main() {
      const urls = ["http://example.com", "http://example.org", "http://example.net"];
      const tasks = urls.map((url) => fetchAndProcess(url));
      const results = yield* gather(...tasks);
      for (const result of results) io.print(result);
    });
    await io.run(main());
  },
});
