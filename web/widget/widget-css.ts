// The widget's styles, injected into its shadow root. Phone-sized screens get a full-width panel.
export const WIDGET_CSS = `
:host { all: initial; }
/* Tokens with light and dark schemes (the host page's visitor's preference); text ≥ 4.5:1 on its background. */
.sb-widget {
  --sb-accent: #3b5bdb; --sb-fg: #1a1a1a; --sb-muted: #4f5561; --sb-bg: #ffffff; --sb-bubble: #f1f3f5; --sb-border: #ced4da;
  --sb-end: #495057; --sb-focus: #f59f00;
  font: 14px/1.4 system-ui, sans-serif; color: var(--sb-fg); position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
}
@media (prefers-color-scheme: dark) {
  .sb-widget { --sb-fg: #eceef3; --sb-muted: #b4b9c6; --sb-bg: #1b1e25; --sb-bubble: #2a2f3a; --sb-border: #464c5c; --sb-end: #5c6370; --sb-focus: #ffd43b; }
}
.launcher { background: var(--sb-accent); color: #fff; border: 0; border-radius: 24px; padding: 12px 18px; font: inherit; cursor: pointer; float: right; }
header img.avatar { width: 28px; height: 28px; border-radius: 50%; object-fit: cover; flex: none; }
.message img.preview { display: block; max-width: 200px; max-height: 200px; margin: 4px 0; border-radius: 6px; }
.launcher .badge { display: inline-block; min-width: 1.4em; margin-left: 8px; padding: 0 6px; border-radius: 10px; background: #fff; color: #1a1a1a; font-weight: bold; text-align: center; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, .attach:focus-within { outline: 3px solid var(--sb-focus); outline-offset: 2px; }
.panel { width: 360px; height: 520px; background: var(--sb-bg); color: var(--sb-fg); border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; margin-bottom: 12px; overflow: hidden; }
header { background: var(--sb-accent); color: #fff; display: flex; align-items: center; gap: 8px; padding: 10px 12px; }
header h2 { font-size: 16px; margin: 0; flex: 1; }
.state { font-size: 12px; opacity: .9; }
.close { background: transparent; color: #fff; border: 0; font-size: 20px; cursor: pointer; }
.messages { flex: 1; overflow-y: auto; padding: 12px; }
.transcript { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.message { max-width: 80%; padding: 8px 10px; border-radius: 10px; background: var(--sb-bubble); align-self: flex-start; white-space: pre-wrap; word-break: break-word; }
.message.mine { background: var(--sb-accent); color: #fff; align-self: flex-end; }
.message .who { display: block; font-size: 11px; color: var(--sb-muted); }
.message.mine .who, .message.mine .receipt { color: inherit; }
.message .receipt { display: block; font-size: 11px; text-align: right; }
.event { font-size: 12px; color: var(--sb-muted); text-align: center; }
.typing, .uploading { font-size: 12px; color: var(--sb-muted); }
.past { margin-bottom: 8px; color: var(--sb-muted); }
.interactive-options { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.interactive-options button { border: 1px solid var(--sb-accent); background: var(--sb-bg); color: var(--sb-fg); border-radius: 16px; padding: 6px 10px; cursor: pointer; font: inherit; }
.compose { display: grid; grid-template-columns: 1fr auto auto; gap: 6px; padding: 8px; border-top: 1px solid var(--sb-border); }
.compose textarea, .start input { color: var(--sb-fg); background: var(--sb-bg); border: 1px solid var(--sb-border); }
.compose textarea { grid-column: 1 / -1; resize: none; font: inherit; padding: 6px; }
.confirm-end { grid-column: 1 / -1; display: flex; gap: 6px; align-items: center; justify-content: flex-end; }
.compose button, .start button, .ended button { background: var(--sb-accent); color: #fff; border: 0; border-radius: 6px; padding: 8px 12px; cursor: pointer; font: inherit; }
.compose .end { background: var(--sb-end); }
.attach { cursor: pointer; align-self: center; }
.attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
.start { padding: 16px; display: flex; flex-direction: column; gap: 10px; }
.start input { display: block; width: 100%; box-sizing: border-box; padding: 8px; font: inherit; margin-top: 4px; }
.ended { padding: 12px; text-align: center; }
.link { background: none; border: 0; color: inherit; text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 480px) {
  .sb-widget { right: 0; bottom: 0; left: 0; }
  .launcher { margin: 8px; }
  /* Open on a phone: the panel is the whole screen (header with minimise at the top, composer at the bottom); the
     launcher would push it off the screen, and minimise in the header does its job. */
  .sb-widget.open { top: 0; }
  .sb-widget.open .panel { width: 100%; height: 100%; border-radius: 0; margin: 0; }
  .sb-widget.open .launcher { display: none; }
}
`;
