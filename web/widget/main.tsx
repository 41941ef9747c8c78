// The one-script-tag embed: <script src="https://chat.example.com/web/widget/switchboard-widget.js"
// data-widget-id="…" async></script>. Reads the widget's configuration from Switchboard (which answers only
// allowed origins) and renders inside a shadow root so the page's styles and the widget's do not mix.
import { render } from 'preact';
import { Widget, type WidgetConfig } from './widget.js';
import { WIDGET_CSS } from './widget-css.js';

async function boot(script: HTMLScriptElement) {
  const base = new URL(script.src).origin;
  const widgetId = script.dataset.widgetId ?? '';
  const res = await fetch(`${base}/widget/v1/${encodeURIComponent(widgetId)}/config`);
  if (!res.ok) throw new Error(`Switchboard widget ${widgetId}: this page is not allowed (${res.status})`);
  const cfg = (await res.json()) as { display: WidgetConfig['display']; preChatFields?: WidgetConfig['preChatFields']; region: string };
  const host = document.createElement('div');
  host.id = 'switchboard-widget';
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  root.appendChild(style);
  const mount = document.createElement('div');
  root.appendChild(mount);
  render(<Widget config={{ base, widgetId, display: cfg.display, preChatFields: cfg.preChatFields ?? [], region: cfg.region }} />, mount);
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) void boot(script).catch((err: unknown) => console.error(err));
