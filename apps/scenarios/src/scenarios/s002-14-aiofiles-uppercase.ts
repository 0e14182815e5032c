import { readFileSync } from "node:fs";
import { join } from "node:path";
import { open } from "@aio/fs";
import { coroutine, using } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

/** What the files must hold afterwards (34 bytes each, no trailing newline, as on CPython). */
function checkFiles(dir: string): string[] {
  const problems: string[] = [];
  const expect = (name: string, text: string) => {
    const got = readFileSync(join(dir, name));
    if (!got.equals(Buffer.from(text)))
      problems.push(`${name} holds ${JSON.stringify(got.toString())}, not ${JSON.stringify(text)}`);
  };
  expect("input.txt", "Hello, World!\nThis is a test file.");
  expect("output.txt", "HELLO, WORLD!\nTHIS IS A TEST FILE.");
  return problems;
}

export default defineScenario({
  id: "S002-14-aiofiles-uppercase",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "비동기 스트림 처리 › aiofiles",
  title: "aiofiles: write, read, upper-case, write, read back",
  kind: "original",
  shows: "Async file I/O: write input.txt, read it, upper-case it, write output.txt, read it back.",
  document:
    "Processed content: HELLO, WORLD!\nTHIS IS A TEST FILE.\n# 'input.txt' 파일 생성 - Hello, World!\\nThis is a test file.\n" +
    "# 'output.txt' 파일 생성 - HELLO, WORLD!\\nTHIS IS A TEST FILE.",
  expected: [out(0, "Processed content: HELLO, WORLD!"), out(0, "THIS IS A TEST FILE.")],
  seconds: 0,
  // Files are outside work for the virtual clock (it waits for them): this runs on either clock.
  workdir: { check: checkFiles },
  async main(io) {
    const readFile = coroutine(function* read_file(filename: string) {
      // async with aiofiles.open(filename, mode='r') as f:
      const contents = yield* using(open(filename, "r"), (f) => f.read());
      return contents;
    });
    const writeFile = coroutine(function* write_file(filename: string, content: string) {
      yield* using(open(filename, "w"), (f) => f.write(content));
    });
    const processFile = coroutine(function* process_file(inputFile: string, outputFile: string) {
      const content = yield* readFile(inputFile);
      const processedContent = content.toUpperCase(); // 간단한 처리: 모든 텍스트를 대문자로 변환
      yield* writeFile(outputFile, processedContent);
    });
    const main = coroutine(function* main() {
      yield* writeFile("input.txt", "Hello, World!\nThis is a test file.");
      yield* processFile("input.txt", "output.txt");
      const result = yield* readFile("output.txt");
      io.print("Processed content:", result);
    });
    await io.run(main());
  },
});
