#!/usr/bin/env node
import { runCli } from '../dist/cli.js';

const status = await runCli(process.argv.slice(2));
// Exit explicitly: a run's worker processes or sockets must not keep the command alive after its report.
process.exit(status);
