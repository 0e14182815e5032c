/** Every ```ts example of this package's README runs. */
import { readmeExamples } from "@aio/test-support";

readmeExamples(new URL("../README.md", import.meta.url));
