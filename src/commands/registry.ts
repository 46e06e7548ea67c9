// The table of every command the extension registers: one line each, one file per
// command. Handlers throw; `register` logs the error and shows one sentence.
import * as vscode from 'vscode';
import { CancelledByUser, toSentence } from '../api/errors';
import type { Services } from '../services';

export type CommandHandler = (services: Services, ...args: unknown[]) => unknown;

// Keep sorted by area; every id here is contributed in package.json and vice versa.
const commandTable: Record<string, CommandHandler> = {
  // connections
  // threads and tree
  // run panel and JSON
  // acting on runs
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(services, ...args);
      } catch (error) {
        if (error instanceof CancelledByUser) return undefined;
        const sentence = toSentence(error);
        services.log.error(`${id}: ${sentence}`);
        void vscode.window.showErrorMessage(sentence);
        return undefined;
      }
    }),
  );
}
