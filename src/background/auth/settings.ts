/**
 * Pure rules for the companion server's address: which values are acceptable, which source wins, and
 * whether a login may still be used with the server in use (a login is bound to the server it was
 * linked through: its tokens go there and nowhere else).
 */
import { DEFAULT_SERVER_URL, type ServerSettings } from '../../shared/auth.ts';
import { checkServerUrl, isLoopback, type ServerUrlCheck } from '../../shared/server-url.ts';

export { checkServerUrl, DEFAULT_SERVER_URL, isLoopback, type ServerUrlCheck };

export function normaliseServerUrl(input: string): string | null {
  const checked = checkServerUrl(input);
  return checked.ok ? checked.url : null;
}

/**
 * An administrator's policy wins (a policy value SignBridge cannot use is reported, never skipped
 * for a server the administrator did not choose), then the options page, then the build's default.
 */
export function pickServerUrl(managed: unknown, optionsValue: string | null, fallback = DEFAULT_SERVER_URL): ServerSettings {
  if (managed !== undefined && managed !== null) {
    const checked = typeof managed === 'string' ? checkServerUrl(managed) : null;
    if (checked?.ok) return { serverUrl: checked.url, source: 'managed', optionsValue, problem: null };
    const why = checked && !checked.ok ? ` ${checked.message}` : '';
    return {
      serverUrl: null,
      source: 'managed',
      optionsValue,
      problem: `Your administrator's server address for SignBridge cannot be used.${why} Ask your administrator to correct the serverUrl policy.`,
    };
  }
  if (optionsValue !== null) {
    const checked = checkServerUrl(optionsValue);
    if (checked.ok) return { serverUrl: checked.url, source: 'options', optionsValue, problem: null };
    return { serverUrl: null, source: 'options', optionsValue, problem: `The server address saved in SignBridge's options cannot be used. ${checked.message}` };
  }
  if (fallback !== null) return { serverUrl: fallback, source: 'default', optionsValue, problem: null };
  return {
    serverUrl: null,
    source: 'default',
    optionsValue,
    problem: "No SignBridge server is set. Enter your organization's server address in SignBridge's options.",
  };
}

/** Null when a login linked through `linkedServer` may be used with `settings`, else what the user must do. */
export function bindingProblem(linkedServer: string, settings: ServerSettings): string | null {
  if (settings.serverUrl === null) return settings.problem;
  if (settings.serverUrl === linkedServer) return null;
  return `This login was linked through the SignBridge server ${linkedServer}, but SignBridge now uses ${settings.serverUrl}. Its tokens stay with the server it was linked through: click Reconnect to link it through the new server.`;
}
