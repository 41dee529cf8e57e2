/** gazette's version: in the feeds' generator tag, and in every cache key and fingerprint (a new version renders everything again). */
export const GENERATOR_VERSION = '0.1.0';
