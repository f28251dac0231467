'use strict';
// Preloaded (node -r) into a benchmarked process: reports its peak resident set size when it exits.
process.on('exit', () => {
  process.stderr.write(`\npostforge-bench peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
