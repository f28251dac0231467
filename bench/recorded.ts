// Figures recorded once, by hand, not measured by `npm run bench`: printed as references, never as results.

/**
 * Before issue #14 (commit f815244), on the team machine (2 cores shared with three other agents, load ≈ 1.6),
 * 2026-12-02: `/usr/bin/time npm run newman` three times (14.55, 16.74, 14.87 s; peak RSS 277–296 MiB),
 * `postforge --help` (3.75, 3.99, 3.37 s) and `postforge build --check` (2.94, 3.14, 3.23 s). Medians.
 */
export const BEFORE_14 = { newman_ms: 14870, newman_peak_rss_mib: 282, help_ms: 3750, cold_build_ms: 3140 };

/** Adobe's "Namespaces and Schemas Autogeneration Utility" on a fresh sandbox (its own documentation). */
export const UTILITY_FRESH_CALLS = 128;
