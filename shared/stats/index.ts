// Public entry point of the Delphi statistics library: pure functions, no I/O, browser- and server-safe.

export * from "./scale.js";
export * from "./quantile.js";
export * from "./histogram.js";
export * from "./descriptive.js";
export * from "./rand-ucla.js";
export * from "./normal.js";
export * from "./ranks.js";
export * from "./wilcoxon.js";
export * from "./stability.js";
export * from "./panel.js";
export * from "./subgroups.js";
export * from "./consensus.js";
export * from "./stopping.js";
