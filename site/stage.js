// stage.js: start the Go app (app.wasm) on this page. The app draws the race
// on ebiten's canvas and posts {type: "depthrace-stage-ready"} to the host
// page when it runs; a failure to start is posted as "depthrace-stage-error"
// so the host can show it as a notice.
"use strict";

(async () => {
  const go = new Go();
  try {
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch("app.wasm"), go.importObject);
    } catch (streamingError) {
      // Static hosts that send app.wasm without application/wasm break
      // streaming compilation; compiling from bytes works everywhere.
      const resp = await fetch("app.wasm");
      if (!resp.ok) throw new Error("app.wasm: HTTP " + resp.status);
      result = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
    }
    await go.run(result.instance);
  } catch (e) {
    console.error(e);
    if (window.parent !== window) {
      window.parent.postMessage({ type: "depthrace-stage-error", message: String(e && e.message ? e.message : e) }, location.origin);
    }
  }
})();
