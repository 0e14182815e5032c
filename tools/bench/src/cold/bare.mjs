// C1 baseline: a bare Node program's first line.
console.log("first line");
