// hook.js: the page hook window.depthrace (DESIGN.md's contract) and the
// wiring that index.html and embed.html share. It is the first script of
// both pages, so the hook exists before anything else runs, even while
// embed.html shows only its poster.
//
// The race runs in stage.html, inside an iframe: ebiten makes its own
// full-page canvas, so the stage is a page of its own. Once the Go app runs
// it posts {type: "depthrace-stage-ready"} and exposes
// iframe.contentWindow.depthraceStage, which this file calls directly (same
// origin). The URL hash is the single source of truth: every change goes
// through stage.apply(hash), which parses and validates it in Go, and the
// normalized hash it returns replaces the one in the address bar.
//
// Before the stage is ready, set(hash) cannot know the notices yet: it
// queues the hash, starts loading and returns a Promise of the notices.
// Once the stage is ready it returns the notices array itself. play, step,
// reset and finish are queued the same way and also start loading; pause is
// only queued; sweep always returns a Promise of rows.
"use strict";

(() => {
  const listeners = [];
  const queue = []; // actions called before the stage was ready, in order
  let container = null; // where the stage iframe goes (set by attach)
  let attached = null; // resolves when a container is attached
  let resolveAttached = null;
  let historyMode = "push"; // how set() and the controls record a change
  let frame = null;
  let bridge = null; // stage.html's depthraceStage once it runs
  let loading = null; // Promise of the bridge
  let resolveReady = null; // settles loading's wait for the ready message
  let last = { hash: "", params: {}, notices: [] }; // last apply result
  let hostNotices = []; // problems only the host sees (the stage failed)
  let intent = null; // "play" or "pause": what the user or hook last asked

  attached = new Promise((resolve) => {
    resolveAttached = resolve;
  });

  // plain copies a value from the stage's realm into a plain JSON value of
  // this page, so callers (and devtools protocols) see ordinary objects.
  const plain = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

  const withHash = (h) => {
    const s = String(h ?? "");
    return s.startsWith("#") ? s : "#" + s;
  };

  function emit(kind) {
    for (const fn of listeners) {
      try {
        fn(kind, last);
      } catch (e) {
        console.error(e);
      }
    }
  }

  function fail(message) {
    hostNotices = [...hostNotices, message];
    emit("notices");
  }

  // apply sends a hash to the stage and puts the normalized one in the
  // address bar: "push" adds a history entry, "replace" rewrites the current
  // one (back/forward and first load), so history holds only normalized links.
  function apply(hash, how) {
    const r = plain(bridge.apply(withHash(hash)));
    last = { hash: withHash(r.hash), params: r.params || {}, notices: r.notices || [] };
    if (last.hash !== location.hash) {
      const url = location.pathname + location.search + last.hash;
      if (how === "push") history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }
    emit("applied");
    return last.notices;
  }

  function onMessage(e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== location.origin) return;
    const msg = e.data || {};
    if (msg.type === "depthrace-stage-ready") {
      bridge = frame.contentWindow.depthraceStage;
      if (bridge && resolveReady) resolveReady(bridge);
      else if (!bridge) fail("The race canvas started without its bridge.");
    } else if (msg.type === "depthrace-stage-error") {
      fail("The race canvas could not start: " + msg.message);
    }
  }

  // load creates the stage iframe (once) and resolves when the Go app runs,
  // after applying the address bar's hash and replaying queued actions.
  function load() {
    if (loading) return loading;
    loading = attached
      .then(
        () =>
          new Promise((resolve) => {
            resolveReady = resolve;
            window.addEventListener("message", onMessage);
            frame = document.createElement("iframe");
            frame.src = "stage.html";
            frame.title = "The race: lanes, puzzle board and counters";
            frame.className = "stage-frame";
            container.append(frame); // the poster or loading text stays on top until ready
            emit("loading");
          }),
      )
      .then(() => {
        for (const el of [...container.children]) if (el !== frame) el.remove();
        apply(location.hash, "replace");
        emit("ready");
        while (queue.length) queue.shift()();
        return bridge;
      });
    return loading;
  }

  // later runs fn on the stage once it is ready; start says whether asking
  // for it may start loading the app.
  function later(fn, start) {
    return new Promise((resolve, reject) => {
      queue.push(() => {
        try {
          resolve(fn());
        } catch (e) {
          reject(e);
        }
      });
      if (start) load();
    });
  }

  // call runs a timeline action now, or once the stage is ready.
  function call(name, start) {
    if (name === "play") intent = "play";
    if (name === "pause") intent = "pause";
    const run = () => {
      bridge[name]();
      emit(name);
    };
    if (bridge) run();
    else later(run, start).catch((e) => fail(String(e)));
  }

  const notReady = () => ({
    v: 1,
    ready: false,
    params: {},
    notices: [...hostNotices],
    tick: 0,
    finished: false,
    frames: 0,
    workers: 0,
    lanes: [],
  });

  Object.defineProperty(window, "depthrace", {
    enumerable: true,
    value: Object.freeze({
      /** state returns the race as a plain object; ready is false until the stage runs. */
      state() {
        if (!bridge) return notReady();
        const s = plain(bridge.state());
        s.notices = [...(s.notices || []), ...hostNotices];
        return s;
      },
      /** set applies a link hash; it returns the notices, or a Promise of them before the stage is ready. */
      set(hash) {
        if (bridge) return apply(hash, historyMode);
        return later(() => apply(hash, historyMode), true);
      },
      play: () => call("play", true),
      pause: () => call("pause", false),
      step: () => call("step", true),
      reset: () => call("reset", true),
      finish: () => call("finish", true),
      /** sweep runs a sweep with the command line's keys and returns a Promise of rows. */
      sweep(spec) {
        const run = () => Promise.resolve(bridge.sweep(plain(spec))).then(plain);
        return bridge ? run() : later(run, true);
      },
    }),
  });

  // depthraceHost is the pages' own wiring, not part of the contract.
  Object.defineProperty(window, "depthraceHost", {
    value: Object.freeze({
      /** attach names the element the stage iframe goes into. */
      attach(el, options = {}) {
        container = el;
        historyMode = options.history || "push";
        resolveAttached();
      },
      load,
      ready: () => bridge !== null,
      /** bridge returns the stage bridge, or null before it is ready. */
      bridge: () => bridge,
      /** last returns the last normalized link: {hash, params, notices}. */
      last: () => last,
      /** intent is what the user or the hook last asked: "play", "pause" or null. */
      intent: () => intent,
      /** navigate applies a hash chosen by the controls. */
      navigate(hash) {
        if (bridge) return apply(hash, historyMode);
        return later(() => apply(hash, historyMode), true);
      },
      families: () => (bridge ? plain(bridge.families()) : []),
      hostNotices: () => hostNotices,
      /** on registers fn(kind, last) for loading, ready, applied, notices and timeline calls. */
      on(fn) {
        listeners.push(fn);
      },
    }),
  });

  // Back, forward and edits of the address bar re-apply the hash.
  window.addEventListener("hashchange", () => {
    if (bridge && location.hash !== last.hash) apply(location.hash, "replace");
  });
  window.addEventListener("popstate", () => {
    if (bridge && location.hash !== last.hash) apply(location.hash, "replace");
  });
})();
