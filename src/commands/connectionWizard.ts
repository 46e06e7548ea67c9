// The prompts shared by "Add Connection…" and "Edit Connection…". Esc at any step
// cancels the whole flow and changes nothing.
import * as vscode from 'vscode';
import {
  authOf,
  connectionKinds,
  defaultAzureAgentsApiVersion,
  defaultAzureOpenAIApiVersion,
  kindLabels,
  normalizeBaseUrl,
  validateBaseUrl,
  type AuthMode,
  type Connection,
  type ConnectionKind,
} from '../api/connection';
import { CancelledByUser } from '../api/errors';
import type { CoreServices } from '../coreServices';
import { connectionIdOf } from '../util/refs';

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new CancelledByUser();
  return value;
}

// Functions, not constants: vscode.l10n.t is called when the text is shown.
function kindDetail(kind: ConnectionKind): string {
  switch (kind) {
    case 'openai':
      return vscode.l10n.t('OpenAI Assistants API v2 with an API key (sunset 2026-08-26; for what remains)');
    case 'azure-agents':
      return vscode.l10n.t('Azure AI Foundry Agent Service (classic): a project endpoint, signed in with Microsoft Entra ID');
    case 'azure-openai':
      return vscode.l10n.t('Azure OpenAI resource Assistants endpoint, with a key or Entra sign-in');
    case 'openai-compatible':
      return vscode.l10n.t('Any server that speaks the Assistants REST shape (local emulators, gateways)');
  }
}

function urlPrompt(kind: ConnectionKind): { prompt: string; placeholder: string } {
  switch (kind) {
    case 'openai':
      return { prompt: vscode.l10n.t('Base URL (leave empty for https://api.openai.com/v1)'), placeholder: 'https://api.openai.com/v1' };
    case 'azure-agents':
      return { prompt: vscode.l10n.t('Project endpoint'), placeholder: 'https://<resource>.services.ai.azure.com/api/projects/<project>' };
    case 'azure-openai':
      return { prompt: vscode.l10n.t('Azure OpenAI endpoint'), placeholder: 'https://<resource>.openai.azure.com' };
    case 'openai-compatible':
      return { prompt: vscode.l10n.t('Base URL of the server (including /v1 if it uses one)'), placeholder: 'http://localhost:8000/v1' };
  }
}

/** The step titles of the wizard, whole sentences per flow (never "verb + step"); editing skips the kind. */
function stepTitles(editing: boolean) {
  return editing
    ? {
        name: vscode.l10n.t('Edit Connection (1/3): name'),
        url: vscode.l10n.t('Edit Connection (2/3): URL'),
        apiVersion: vscode.l10n.t('Edit Connection: api-version'),
        authentication: vscode.l10n.t('Edit Connection (3/3): authentication'),
        apiKey: vscode.l10n.t('Edit Connection (3/3): API key'),
        key: vscode.l10n.t('Edit Connection (3/3): key'),
        organization: vscode.l10n.t('Edit Connection: organization (optional)'),
        project: vscode.l10n.t('Edit Connection: project (optional)'),
      }
    : {
        name: vscode.l10n.t('Add Connection (2/4): name'),
        url: vscode.l10n.t('Add Connection (3/4): URL'),
        apiVersion: vscode.l10n.t('Add Connection: api-version'),
        authentication: vscode.l10n.t('Add Connection (4/4): authentication'),
        apiKey: vscode.l10n.t('Add Connection (4/4): API key'),
        key: vscode.l10n.t('Add Connection (4/4): key'),
        organization: vscode.l10n.t('Add Connection: organization (optional)'),
        project: vscode.l10n.t('Add Connection: project (optional)'),
      };
}

export async function pickKind(current?: ConnectionKind): Promise<ConnectionKind> {
  const picked = await vscode.window.showQuickPick(
    connectionKinds.map((kind) => ({ label: kindLabels[kind], description: kind === current ? vscode.l10n.t('(current)') : '', detail: kindDetail(kind), connectionKind: kind })),
    { title: vscode.l10n.t('Add Connection (1/4): kind of service'), placeHolder: vscode.l10n.t('Which service does this connection talk to?'), ignoreFocusOut: true },
  );
  return required(picked).connectionKind;
}

export async function connectionWizard(services: CoreServices, existing?: Connection): Promise<void> {
  const titles = stepTitles(existing !== undefined);
  const kind = existing?.kind ?? (await pickKind());

  const name = required(
    await vscode.window.showInputBox({
      title: titles.name,
      prompt: vscode.l10n.t('The name shown in the Agent Runs view'),
      value: existing?.name ?? kindLabels[kind],
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    }),
  ).trim();

  const { prompt, placeholder } = urlPrompt(kind);
  const baseUrl = normalizeBaseUrl(
    required(
      await vscode.window.showInputBox({
        title: titles.url,
        prompt,
        placeHolder: placeholder,
        value: existing?.baseUrl ?? '',
        ignoreFocusOut: true,
        validateInput: (v) => validateBaseUrl(kind, v),
      }),
    ),
  );

  let apiVersion: string | undefined = existing?.apiVersion;
  if (kind === 'azure-agents' || kind === 'azure-openai') {
    const fallback = kind === 'azure-agents' ? defaultAzureAgentsApiVersion : defaultAzureOpenAIApiVersion;
    apiVersion = required(
      await vscode.window.showInputBox({
        title: titles.apiVersion,
        prompt: vscode.l10n.t('The api-version query parameter (default {0})', fallback),
        value: apiVersion ?? fallback,
        ignoreFocusOut: true,
        validateInput: (v) => (/^[A-Za-z0-9.-]+$/.test(v.trim()) ? undefined : vscode.l10n.t('Use a version like v1 or 2025-05-01.')),
      }),
    ).trim();
  }

  let auth: AuthMode = existing ? authOf(existing) : kind === 'azure-agents' ? 'entra' : kind === 'openai-compatible' ? 'none' : 'key';
  if (kind !== 'openai') {
    const options: { label: string; detail: string; auth: AuthMode }[] = [];
    if (kind !== 'openai-compatible') {
      options.push({ label: vscode.l10n.t('Sign in with Microsoft Entra ID'), detail: vscode.l10n.t("Uses VS Code's Microsoft account; tokens refresh on their own"), auth: 'entra' });
    }
    options.push({ label: vscode.l10n.t('Key'), detail: vscode.l10n.t("Stored in VS Code's secret storage, never in settings"), auth: 'key' });
    if (kind === 'openai-compatible' || kind === 'azure-agents') {
      options.push({ label: vscode.l10n.t('No authentication'), detail: vscode.l10n.t('For local servers and open gateways'), auth: 'none' });
    }
    // Editing marks what the connection uses; a new one lists its suggestion first, unmarked.
    const ordered = existing ? options : [...options.filter((o) => o.auth === auth), ...options.filter((o) => o.auth !== auth)];
    const picked = required(
      await vscode.window.showQuickPick(
        ordered.map((o) => ({ ...o, description: existing && o.auth === auth ? vscode.l10n.t('(current)') : '' })),
        { title: titles.authentication, ignoreFocusOut: true },
      ),
    );
    auth = picked.auth;
  }

  let key: string | undefined;
  if (auth === 'key') {
    const hasKey = existing ? await services.connections.hasKey(existing.id) : false;
    const envKey = kind === 'openai' ? process.env.OPENAI_API_KEY : undefined;
    if (envKey && !hasKey) {
      const useEnv = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Use OPENAI_API_KEY from the environment'), detail: vscode.l10n.t('Copied once into secret storage'), use: true },
          { label: vscode.l10n.t('Enter a key'), detail: '', use: false },
        ],
        { title: titles.apiKey, ignoreFocusOut: true },
      );
      if (required(useEnv).use) key = envKey;
    }
    if (key === undefined) {
      const typed = required(
        await vscode.window.showInputBox({
          title: titles.key,
          prompt: hasKey ? vscode.l10n.t('Leave empty to keep the current key') : vscode.l10n.t("The key is kept in VS Code's secret storage only"),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (hasKey || v.trim() ? undefined : vscode.l10n.t('Enter a key, or press Esc to cancel.')),
        }),
      ).trim();
      key = typed || undefined;
    }
  }

  let organization = existing?.organization;
  let project = existing?.project;
  if (kind === 'openai') {
    organization =
      (await vscode.window.showInputBox({ title: titles.organization, prompt: vscode.l10n.t('OpenAI organization id (org-…), or leave empty'), value: organization ?? '', ignoreFocusOut: true }))?.trim() ||
      undefined;
    project =
      (await vscode.window.showInputBox({ title: titles.project, prompt: vscode.l10n.t('OpenAI project id (proj_…), or leave empty'), value: project ?? '', ignoreFocusOut: true }))?.trim() || undefined;
  }

  const id = existing?.id ?? `${kind}-${Date.now().toString(36)}`;
  const connection: Connection = { id, name, kind, baseUrl: baseUrl || undefined, apiVersion, auth, organization, project };
  await services.connections.save(connection, key);
  if (auth === 'entra') await services.connections.signIn(connection).catch(() => undefined);
  // A new connection is not made the selected one behind the user's back: with others
  // around, the message offers it.
  const test = vscode.l10n.t('Test Connection');
  const select = vscode.l10n.t('Use for Palette Commands');
  const offerSelect = !existing && services.connections.list().length > 1;
  const action = await vscode.window.showInformationMessage(vscode.l10n.t('Connection "{0}" saved.', name), test, ...(offerSelect ? [select] : []));
  if (action === select) await vscode.workspace.getConfiguration('agentRuns').update('activeConnection', id, vscode.ConfigurationTarget.Global);
  if (action === test) await vscode.commands.executeCommand('agentRuns.testConnection', { connectionId: id });
}

/** The connection a command applies to: from its argument, the only one, the active one, or a pick. */
export async function pickConnection(services: CoreServices, arg?: unknown, title = vscode.l10n.t('Pick a connection'), useActive = true): Promise<Connection> {
  const list = services.connections.list();
  const fromArg = connectionIdOf(arg);
  if (fromArg !== undefined) {
    const found = services.connections.get(fromArg);
    if (found) return found;
  }
  if (list.length === 0) {
    const add = await vscode.window.showInformationMessage(vscode.l10n.t('There is no connection yet.'), vscode.l10n.t('Add Connection'));
    if (add) await vscode.commands.executeCommand('agentRuns.addConnection');
    throw new CancelledByUser();
  }
  if (list.length === 1) return list[0];
  const active = vscode.workspace.getConfiguration('agentRuns').get<string>('activeConnection');
  const activeConnection = active ? services.connections.get(active) : undefined;
  if (useActive && activeConnection) return activeConnection;
  const picked = await vscode.window.showQuickPick(
    list.map((c) => ({ label: c.name, description: c.id === active ? vscode.l10n.t('{0} · selected', kindLabels[c.kind]) : kindLabels[c.kind], detail: c.baseUrl, connection: c })),
    { title },
  );
  return required(picked).connection;
}
