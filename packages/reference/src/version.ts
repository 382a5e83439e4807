/** This package's version, served as `implementation.version` by `getMeta`. */
export const version = "0.0.0";
