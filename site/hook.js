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
//
// Lanes and sweeps run in one pool of lane workers per page (pool.js,
// issue 5), sized by the link's workers key (0: DepthracePool.defaultSize()).
// The stage only draws: each lane's job streams its frames here, and this
// file hands them to the stage (stage.feed), which takes them in order on
// the shared clock and hands credit back (the grant callback). Every lane
// job belongs to one generation of the race (stage.jobs().gen); a new race,
// a reset or a new pool starts a new generation and aborts the old jobs, and
// the stage ignores anything of an older generation. Every change of the
// settings aborts the sweeps in flight (one AbortController per settings
// state). Without Web Workers the lanes and sweeps run in the stage, on the
// main thread, with a notice.
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

  // The worker pool and the jobs running in it.
  let pool = null; // the DepthracePool, or null on the main thread
  let poolUp = false; // pool started and its workers are ready
  let poolReady = null; // Promise of the pool (null: main thread)
  let poolSize = 0; // the size the pool was built for
  let poolNotices = []; // why the page runs on the main thread
  let raceNotices = []; // lane failures of the current race
  let lanesGen = -1; // the race generation whose lane jobs run
  let laneCtrl = null; // aborts the current generation's lane jobs
  let grants = []; // per lane: the credit callback of its job
  let lanesOpen = 0; // lane jobs of the current generation not settled yet
  let sweeping = 0; // sweeps in flight: lanes wait for the workers meanwhile
  let settingsCtrl = new AbortController(); // aborted at every settings change
  let sweepProgress = null; // {done, total} of the sweep in flight
  let testFault = null; // test only: a fault for the next lane or sweep job
  const walls = new Map(); // race key → Map(workers → {model: wallMs}) measured this session

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

  const allNotices = () => [...hostNotices, ...poolNotices, ...raceNotices];

  const abortError = () => new DOMException("the job was cancelled", "AbortError");
  const isAbort = (e) => e && e.name === "AbortError";

  // ---- the pool ----

  const workersAvailable = () => typeof Worker === "function" && typeof DepthracePool === "function";

  // mainThread switches the lanes to the stage's own thread, once, with a notice.
  function mainThread(why) {
    if (pool) pool.close();
    pool = null;
    poolUp = false;
    poolReady = null;
    poolNotices = ["Web Workers unavailable: running on the main thread (" + why + ")."];
    lanesGen = -1;
    if (bridge) bridge.useLocal();
    emit("notices");
  }

  // ensurePool builds the pool for the link's workers key, or rebuilds it
  // when the key changed; the race's lanes restart on the new pool.
  function ensurePool() {
    if (!poolReady && poolNotices.length) return; // already on the main thread
    const want = Number(last.params.workers) || DepthracePool.defaultSize();
    if (pool && poolSize === want) return;
    const rebuilding = pool !== null;
    if (pool) {
      if (laneCtrl) laneCtrl.abort();
      settingsCtrl.abort(); // sweeps on the old pool end with it
      settingsCtrl = new AbortController();
      pool.close();
    }
    const p = new DepthracePool({ size: want, test: true });
    pool = p;
    poolSize = want;
    poolUp = false;
    poolReady = p.start().then(
      () => {
        if (pool === p) {
          poolUp = true;
          emit("pool");
        }
        return p;
      },
      (err) => {
        if (pool === p) mainThread("the lane workers did not start: " + (err && err.message ? err.message : err));
        return null;
      },
    );
    if (rebuilding) bridge.restart();
  }

  // syncLanes starts the lane jobs of the race's current generation, once.
  function syncLanes() {
    if (!bridge || !poolReady || sweeping) return;
    const jobs = plain(bridge.jobs());
    if (jobs.gen === lanesGen) return;
    if (laneCtrl) laneCtrl.abort();
    lanesGen = jobs.gen;
    laneCtrl = new AbortController();
    grants = [];
    lanesOpen = jobs.models.length;
    if (raceNotices.length) {
      raceNotices = [];
      emit("notices");
    }
    const signal = laneCtrl.signal;
    const fault = testFault;
    poolReady.then((p) => {
      if (!p || signal.aborted || p !== pool) return;
      jobs.models.forEach((model, i) => startLane(p, jobs, model, i, signal, fault && fault.target === model ? fault : null));
    });
  }

  function startLane(p, jobs, model, i, signal, fault) {
    const gen = jobs.gen;
    const options = {
      signal,
      onFrames(buffer, reply, more) {
        if (signal.aborted) return; // a cancelled race's late batch: never drawn
        grants[i] = more;
        // The stage's own Uint8Array: Go checks the type in its realm.
        bridge.feed(gen, i, reply.id, new frame.contentWindow.Uint8Array(buffer));
      },
    };
    if (fault) {
      options.fault = fault.kind;
      options.faultTimes = fault.times;
      if (fault.deadlineMs) options.deadlineMs = fault.deadlineMs;
    }
    const workers = p.size;
    p.lane(jobs.hash, model, options).finally(() => {
      if (!signal.aborted) lanesOpen--;
    }).then(
      (res) => {
        if (signal.aborted) return;
        bridge.laneDone(gen, i, JSON.stringify({ result: res.report, answer: res.answer, wrong: res.wrong }));
        recordWall(jobs.hash, workers, model, { ms: res.report.WallNS / 1e6, used: res.workers || 1 });
      },
      (err) => {
        if (signal.aborted || isAbort(err)) return;
        const message = "The " + model + " lane failed: " + (err && err.message ? err.message : err);
        bridge.laneFailed(gen, i, message);
        raceNotices = [...raceNotices, message];
        emit("notices");
      },
    );
  }

  // grant hands a lane's credit back to its worker (called by the stage).
  function grant(gen, lane, credit) {
    if (gen === lanesGen && grants[lane]) grants[lane](credit);
  }

  // raceKey names a race without the page-only keys, for the wall-time table.
  function raceKey(hash) {
    const q = new URLSearchParams(String(hash).replace(/^#/, ""));
    q.delete("workers");
    q.delete("speed");
    return q.toString();
  }

  // recordWall keeps a lane's wall time in the workers (its steps alone)
  // and how many workers the lane itself ran on (a split wide lane, more than one).
  function recordWall(hash, workers, model, wall) {
    const key = raceKey(hash);
    if (!walls.has(key)) walls.set(key, new Map());
    const byWorkers = walls.get(key);
    byWorkers.set(workers, Object.assign(byWorkers.get(workers) || {}, { [model]: wall }));
    emit("walls");
  }

  // settingsChanged aborts what the old settings started and clears the sweep view.
  function settingsChanged() {
    settingsCtrl.abort();
    settingsCtrl = new AbortController();
    if (sweepProgress) {
      sweepProgress = null;
      emit("sweep");
    }
    if (bridge) bridge.hideSweep();
  }

  // ---- sweeps ----

  // runSweeps runs sweep specs together and resolves to each one's rows.
  // The canvas shows the curves of every instance row so far, and the
  // progress counts instances done out of the total of every sweep.
  async function runSweeps(specs) {
    const signal = settingsCtrl.signal;
    const p = poolReady ? await poolReady : null;
    if (signal.aborted) throw abortError();
    if (p) {
      // A paused race's lanes hold their workers while they wait for
      // credit: they give way to the sweep and start again after it.
      sweeping++;
      if (lanesOpen > 0 && laneCtrl) {
        laneCtrl.abort();
        lanesGen = -1;
        bridge.restart();
      }
    }
    try {
      return await sweepIn(p, specs, signal);
    } finally {
      if (p && --sweeping === 0) syncLanes();
    }
  }

  async function sweepIn(p, specs, signal) {
    if (!p) {
      // The main thread: the stage's own sweep, one spec after the other.
      const out = [];
      for (const spec of specs) {
        out.push(plain(await bridge.sweep(spec)));
        if (signal.aborted) throw abortError();
      }
      return out;
    }
    const parts = specs.map(() => ({ rows: [], done: 0, total: 0 }));
    const show = () => {
      if (signal.aborted) return; // no stale row is ever drawn
      let done = 0;
      let total = 0;
      for (const part of parts) {
        done += part.done;
        total += part.total;
      }
      sweepProgress = { done, total };
      bridge.showSweep(JSON.stringify({ rows: parts.flatMap((x) => x.rows), done, total }));
      emit("sweep");
    };
    const fault = testFault && testFault.target === "sweep" ? testFault : null;
    sweepProgress = { done: 0, total: 0 };
    emit("sweep");
    try {
      const results = await Promise.all(
        specs.map((spec, k) =>
          p.sweep(spec, {
            signal,
            fault: k === 0 && fault ? fault.kind : undefined,
            faultTimes: fault ? fault.times : undefined,
            onProgress(done, total, rows) {
              parts[k] = { rows: rows.slice(), done, total };
              show();
            },
          }),
        ),
      );
      if (signal.aborted) throw abortError();
      return results;
    } finally {
      if (!signal.aborted) {
        sweepProgress = null;
        emit("sweep");
      }
    }
  }


  // apply sends a hash to the stage and puts the normalized one in the
  // address bar: "push" adds a history entry, "replace" rewrites the current
  // one (back/forward and first load), so history holds only normalized links.
  function apply(hash, how) {
    settingsChanged();
    const r = plain(bridge.apply(withHash(hash)));
    last = { hash: withHash(r.hash), params: r.params || {}, notices: r.notices || [] };
    if (last.hash !== location.hash) {
      const url = location.pathname + location.search + last.hash;
      if (how === "push") history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }
    ensurePool();
    syncLanes();
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
        if (workersAvailable()) bridge.useWorkers(grant);
        else mainThread("this browser cannot start them");
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
      syncLanes(); // reset starts a new generation of lanes
      emit(name);
    };
    if (bridge) run();
    else later(run, start).catch((e) => fail(String(e)));
  }

  const notReady = () => ({
    v: 1,
    ready: false,
    params: {},
    notices: allNotices(),
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
        s.notices = [...(s.notices || []), ...allNotices()];
        s.workers = poolUp ? pool.size : 0;
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
      /**
       * finish runs the race to the end. Lanes that stream from the workers
       * get there as their last frames arrive, so it also returns a Promise
       * of the state once the race is finished (or replaced by another).
       */
      finish() {
        call("finish", true);
        return load().then(
          (b) =>
            new Promise((resolve) => {
              const gen = b.jobs().gen;
              const check = () => {
                const s = window.depthrace.state();
                if (s.finished || b.jobs().gen !== gen) resolve(s);
                else setTimeout(check, 16);
              };
              check();
            }),
        );
      },
      /** sweep runs a sweep with the command line's keys and returns a Promise of rows. */
      sweep(spec) {
        const run = () => runSweeps([plain(spec)]).then((r) => r[0]);
        return bridge ? run() : later(run, true);
      },
    }),
  });

  // depthraceHost is the pages' own wiring, not part of the contract.
  Object.defineProperty(window, "depthraceHost", {
    value: Object.freeze({
      /** showNotices fills a notices box with one paragraph a notice, hiding it when there are none. */
      showNotices(box, list) {
        box.replaceChildren(
          ...list.map((n) => {
            const p = document.createElement("p");
            p.textContent = n;
            return p;
          }),
        );
        box.hidden = list.length === 0;
      },
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
      hostNotices: () => allNotices(),
      /** sweeps runs several sweep specs together with live curves; a Promise of each one's rows. */
      sweeps: (specs) => (bridge ? runSweeps(specs.map(plain)) : later(() => runSweeps(specs.map(plain)), true)),
      /** sweepProgress is {done, total} of the sweep in flight, or null. */
      sweepProgress: () => sweepProgress,
      /** hideSweep goes back from the sweep view to the race. */
      hideSweep: () => settingsChanged(),
      /** pool returns the worker pool's stats, or null on the main thread. */
      poolStats: () => (pool ? pool.stats() : null),
      /** walls lists the lane wall times measured this session for the current race: [{workers, lanes: {model: {ms, used}}}]. */
      walls() {
        const byWorkers = walls.get(raceKey(last.hash));
        if (!byWorkers) return [];
        return [...byWorkers].sort((a, b) => a[0] - b[0]).map(([workers, lanes]) => ({ workers, lanes: { ...lanes } }));
      },
      /**
       * testFault (TEST ONLY, not part of the page's contract) makes the
       * next lane job of target ("wide", "deep", "diffusion") or the next
       * sweep ("sweep") fail with kind ("throw", "hang" or "die") on its
       * first times attempts; deadlineMs bounds a lane so a hang is seen.
       * null clears it.
       */
      testFault(fault) {
        testFault = fault ? { kind: fault.kind, target: fault.target, times: fault.times ?? 1, deadlineMs: fault.deadlineMs } : null;
      },
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
