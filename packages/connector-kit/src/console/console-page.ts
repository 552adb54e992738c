/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The console's HTML shell: landmarks and the section navigation; the client script fills each section.
 * No inline script or style, so the Content-Security-Policy can forbid both.
 */
export function consolePage(connectorLabel: string): string {
  const label = escapeHtml(connectorLabel);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${label} · connector console</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/console.js"></script>
</head>
<body>
<header class="top"><h1>connector console <span class="module">${label}</span></h1>
<p id="status" role="status" aria-live="polite"></p></header>
<nav aria-label="Sections"><ul id="tabs"></ul></nav>
<main id="main"></main>
</body>
</html>
`;
}
