/**
 * The design tokens (src/ui/base.css, light set) that the content script paints with: it cannot load
 * base.css into a web page, so its shadow roots take these values (test/unit/tokens.test.ts checks each
 * against base.css's `:root`). Light only: the page, not the system, decides how a host page looks.
 * Imported by the content script alone (a module shared with another bundle would become a chunk web
 * pages cannot load).
 */
export const SB_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
export const SB_TEXT_SM = '12px';
export const SB_SPACE_1 = '4px';
export const SB_BG = '#ffffff';
export const SB_TEXT = '#111827';
export const SB_MUTED = '#4b5563';
export const SB_BLUE = '#1d4ed8';
export const SB_FOCUS = '#1e3a8a';
export const SB_DANGER = '#b91c1c';
export const SB_OK = '#047857';
export const SB_INFO_BG = '#eff6ff';
