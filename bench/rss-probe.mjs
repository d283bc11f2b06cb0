// Preloaded into a measured process (node --import): reports its peak resident memory on exit
// through the file named by MQADMIN_BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.MQADMIN_BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
