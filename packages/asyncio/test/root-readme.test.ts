/**
 * The repository README's quick start runs and prints what it says, from this package (the facade:
 * everything the first program imports is its dependency).
 */
import { readmeExamples } from "@aio/test-support";

readmeExamples(new URL("../../../README.md", import.meta.url), {
  packageUrl: new URL("..", import.meta.url),
});
