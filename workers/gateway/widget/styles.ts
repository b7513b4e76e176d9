/** Everything the widget looks like, inside its shadow root: the page's CSS cannot reach in, nor this out. */
export const styles = (brand: string, side: "right" | "left") => `
:host { all: initial; }
* { box-sizing: border-box; }
.fd { position: fixed; ${side}: 20px; bottom: 20px; z-index: 2147483000; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; background: ${brand}; color: #fff; cursor: pointer; box-shadow: 0 6px 20px rgba(0,0,0,.25); display: grid; place-items: center; margin-${side}: auto; }
.launcher { position: relative; }
.launcher svg { width: 28px; height: 28px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 10px; background: #d92d20; color: #fff; font-size: 12px; font-weight: 700; line-height: 20px; text-align: center; }
.badge[hidden] { display: none; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: absolute; bottom: 72px; ${side}: 0; width: 370px; height: min(600px, calc(100vh - 110px)); background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden; }
.panel[hidden] { display: none; }
header { background: ${brand}; color: #fff; padding: 14px 16px; display: flex; align-items: center; gap: 10px; }
header h2 { font-size: 16px; margin: 0; font-weight: 600; }
header p { margin: 0; font-size: 12.5px; opacity: .9; }
header .grow { flex: 1; min-width: 0; }
header button { background: transparent; border: 0; color: #fff; font-size: 22px; cursor: pointer; width: 36px; height: 36px; border-radius: 8px; }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #3ddc84; margin-right: 6px; vertical-align: middle; }
.dot.off { background: #f5b342; }
.notice { background: #fff7e0; color: #5c4400; padding: 8px 14px; font-size: 13px; border-bottom: 1px solid #f1e3b5; }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; background: #f6f7f9; }
.msg { max-width: 85%; padding: 9px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.customer { align-self: flex-end; background: ${brand}; color: #fff; border-bottom-right-radius: 4px; }
.msg.assistant, .msg.agent { align-self: flex-start; background: #fff; border: 1px solid #e3e6ea; border-bottom-left-radius: 4px; }
.msg.system { align-self: center; background: transparent; color: #57606a; font-size: 12.5px; text-align: center; }
.author { display: block; font-size: 12px; font-weight: 600; color: #57606a; margin-bottom: 2px; }
.sources { margin: 6px 0 0; padding: 6px 0 0; border-top: 1px solid #eef0f2; font-size: 12.5px; list-style: none; }
.sources::before { content: attr(aria-label); display: block; font-weight: 600; color: #57606a; }
.sources a { color: ${brand}; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; white-space: normal; }
.choices button { border: 1px solid ${brand}; background: #fff; color: ${brand}; border-radius: 16px; padding: 5px 12px; font: inherit; font-size: 13.5px; cursor: pointer; text-align: left; }
.choices button.none { border-color: #c9ced4; color: #57606a; }
.typing { font-size: 12.5px; color: #57606a; padding: 0 14px 6px; min-height: 20px; background: #f6f7f9; }
form.compose { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e6ea; background: #fff; }
textarea { flex: 1; resize: none; border: 1px solid #c9ced4; border-radius: 10px; padding: 9px 10px; font: inherit; min-height: 42px; max-height: 120px; }
button.primary { background: ${brand}; color: #fff; border: 0; border-radius: 10px; padding: 0 16px; font: inherit; font-weight: 600; cursor: pointer; }
button.primary:disabled { opacity: .5; cursor: default; }
.prechat { padding: 16px; display: grid; gap: 10px; }
.prechat label { display: grid; gap: 4px; font-size: 13px; }
.prechat input[type=text], .prechat input[type=email] { border: 1px solid #c9ced4; border-radius: 8px; padding: 8px 10px; font: inherit; }
.prechat .consent { display: flex; gap: 8px; align-items: flex-start; }
.prechat button { height: 40px; }
.rating { align-self: center; text-align: center; background: #fff; border: 1px solid #e3e6ea; border-radius: 12px; padding: 10px 14px; }
.rating button { border: 1px solid #c9ced4; background: #fff; border-radius: 8px; width: 36px; height: 36px; margin: 4px 2px 0; cursor: pointer; font: inherit; }
.attach { background: transparent; border: 1px solid #c9ced4; border-radius: 10px; width: 42px; color: #57606a; cursor: pointer; display: grid; place-items: center; flex: none; }
.attach svg { width: 20px; height: 20px; }
.pending { display: flex; align-items: center; gap: 8px; margin: 0 10px; padding: 6px 10px; background: #f1f3f5; border-radius: 10px; font-size: 13px; }
.pending[hidden] { display: none; }
.pending img { width: 40px; height: 40px; object-fit: cover; border-radius: 6px; }
.pending .grow { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pending button { background: transparent; border: 0; font-size: 18px; cursor: pointer; color: #57606a; width: 28px; height: 28px; border-radius: 6px; }
.file { display: flex; gap: 8px; align-items: center; font-size: 13px; }
.file .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 220px; }
.msg img.preview { display: block; max-width: 220px; max-height: 220px; border-radius: 10px; margin-bottom: 4px; }
.panel.dropping { outline: 3px dashed ${brand}; outline-offset: -6px; }
.error { color: #b42318; font-size: 13px; padding: 0 14px 8px; background: #fff; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .fd { ${side}: 12px; bottom: 12px; }
  .panel { position: fixed; inset: 0; width: 100vw; height: 100dvh; border-radius: 0; bottom: 0; }
  .panel:not([hidden]) + .launcher { display: none; }
}
@media (prefers-reduced-motion: no-preference) { .panel { transition: opacity .15s; } }
`;
