/** Every ```ts example of this package's README runs. */
import { readmeExamples } from "@aio/readme-examples";

readmeExamples(new URL("../README.md", import.meta.url));
