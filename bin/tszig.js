#!/usr/bin/env node
import { main } from '../dist/cli/tszig.js';

await main();
