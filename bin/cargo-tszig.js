#!/usr/bin/env node
import { main } from '../dist/cli/cargo-tszig.js';

await main();
