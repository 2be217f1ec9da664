// Every command group the CLI offers; each registers its own subcommands.
import type { Command } from 'commander';
import { registerAuditCommands } from './audit.js';
import { registerAutoscanCommands } from './autoscan.js';
import { registerBenchCommands } from './bench.js';
import { registerComposeCommands } from './compose.js';
import { registerDashboardCommands } from './dashboard.js';
import { registerDbCommands } from './db.js';
import { registerEngineCommands } from './engine.js';
import { registerHistoryCommands } from './history.js';
import { registerHostCommands } from './host.js';
import { registerImageCommands } from './image.js';
import { registerNetworkCommands } from './network.js';
import { registerStackCommands } from './stack.js';

export type RegisterCommands = (program: Command) => void;

export const commandGroups: RegisterCommands[] = [
  registerComposeCommands,
  registerStackCommands,
  registerNetworkCommands,
  registerImageCommands,
  registerDbCommands,
  registerBenchCommands,
  registerAuditCommands,
  registerHostCommands,
  registerAutoscanCommands,
  registerHistoryCommands,
  registerDashboardCommands,
  registerEngineCommands,
];
