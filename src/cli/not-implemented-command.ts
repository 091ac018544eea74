// Placeholder for commands whose issues have not landed yet: a clear message and exit 2, never a silent no-op.

import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';

export function notImplementedCommand(command: string, describe: string): CommandModule {
  return {
    command,
    describe: `${describe} (not implemented yet)`,
    // Accept the options the finished command will take, so the message is about the command.
    builder: (yargs) => yargs.strict(false),
    handler: () => {
      throw new UsageError(`'${command.split(' ')[0]}' is not implemented yet`, { hint: 'use semlog scan' });
    },
  };
}
