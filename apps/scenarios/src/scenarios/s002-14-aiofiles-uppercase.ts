import { defineScenario, out } from "../scenario.js";

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
  waiting: {
    for: ["@aio/fs", "@aio/executor"],
    reason: "needs @aio/fs, aiofiles for TypeScript (issue 12), which is not built yet",
  },
});
