// pool.js: DepthracePool, the page's pool of lane workers (issue 5).
//
// It compiles lanes.wasm once on the page and posts the compiled
// WebAssembly.Module to each worker (lanes-worker.js), so N workers cost one
// download and one compilation. It runs jobs of the core/wire protocol (race
// lanes that stream frame batches, sweep shards, summaries) on free workers.
// A worker that throws, dies or hangs past its job's deadline is terminated
// and replaced, and its job retried once; a second failure rejects that job
// with a PoolError naming both failures. A heavy wide lane splits its layers
// by cells across idle workers, with a barrier per layer (see lane()). No SharedArrayBuffer is used, so the
// page needs no cross-origin isolation and stays embeddable. Without Web
// Workers it falls back to one lanes.wasm instance on the page, with a notice.
//
// A classic script: it defines globalThis.DepthracePool (and PoolError).
'use strict';

(function (global) {
  const VERSION = 1; // core/wire's protocol version
  const TERMINAL = new Set(['result', 'planned', 'rows', 'summary', 'canceled', 'error']);

  /** PoolError is a job's failure, with a message fit for the page. */
  class PoolError extends Error {
    constructor(message) {
      super(message);
      this.name = 'PoolError';
    }
  }

  /** deliver hands one message to a Go handle: JSON, and binary parts beside it. */
  function deliver(handle, msg) {
    if (msg && msg.data instanceof ArrayBuffer) {
      const rest = Object.assign({}, msg);
      delete rest.data;
      handle(JSON.stringify(rest), new Uint8Array(msg.data));
    } else {
      handle(JSON.stringify(msg));
    }
  }

  /**
   * splitWork estimates the heaviest layer of a race's wide lane, in unit
   * evaluations, from its link: what a split across workers must beat its
   * per-layer messages with. Rule 90 beyond its depth is the Lucas net,
   * whose first layer counts 2^popcount(t) cells for each of its 2t+1
   * cells; every other net does a few operations per cell and layer. Zero
   * means the lane cannot split (sudoku's hypothesis net).
   */
  function splitWork(hash) {
    const q = new URLSearchParams(String(hash).replace(/^#/, ''));
    const size = Number(q.get('size')) || 0;
    const depth = Number(q.get('depth')) || 0;
    switch (q.get('family')) {
      case 's5':
      case 'parity':
        return size;
      case 'rule110':
        return 2 * size + 1;
      case 'rule90': {
        let ones = 0;
        for (let t = size; t > 0; t >>= 1) ones += t & 1;
        return size > depth ? (2 * size + 1) * 2 ** ones : 2 * size + 1;
      }
      default:
        return 0;
    }
  }

  function abortError() {
    return new DOMException('the job was cancelled', 'AbortError');
  }

  /** compile fetches and compiles lanes.wasm, streaming when it can. */
  async function compile(url) {
    if (WebAssembly.compileStreaming) {
      try {
        return await WebAssembly.compileStreaming(fetch(url));
      } catch (e) {
        // Wrong MIME type, a proxy, or an old engine: compile from bytes below.
      }
    }
    const resp = await fetch(url);
    if (!resp.ok) throw new PoolError(`${url}: HTTP ${resp.status}`);
    return WebAssembly.compile(await resp.arrayBuffer());
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = resolve;
      s.onerror = () => reject(new PoolError(`could not load ${url}`));
      document.head.appendChild(s);
    });
  }

  /**
   * PageWorker runs lanes.wasm on the page behind a Worker-like interface:
   * the fallback when Web Workers are unavailable. It cannot be stopped, so
   * terminate() only silences it.
   */
  class PageWorker {
    constructor(execURL) {
      this.execURL = execURL;
      this.queued = [];
      this.handle = null;
      this.dead = false;
      this.onmessage = null;
      this.onerror = null;
    }

    postMessage(msg) {
      if (msg && msg.init) {
        this.boot(msg.module).catch((err) => this.emit({ v: VERSION, kind: 'exit', error: 'lanes.wasm did not start: ' + err }));
      } else if (this.handle) {
        deliver(this.handle, msg);
      } else {
        this.queued.push(msg);
      }
    }

    emit(msg) {
      // Deliver after Go's call into JS has returned, never inside it.
      queueMicrotask(() => { if (!this.dead && this.onmessage) this.onmessage({ data: msg }); });
    }

    async boot(module) {
      if (typeof global.Go !== 'function') await loadScript(this.execURL);
      const channel = new MessageChannel();
      const resumes = [];
      channel.port1.onmessage = () => resumes.shift()();
      const glue = {
        reply: (json, bytes) => {
          const msg = JSON.parse(json);
          if (bytes) msg.data = bytes.buffer;
          if (msg.kind !== 'frames') msg.wasmMemoryBytes = memory.buffer.byteLength;
          this.emit(msg);
        },
        yield: (resume) => { resumes.push(resume); channel.port2.postMessage(0); },
        raise: (message) => { setTimeout(() => { if (!this.dead && this.onerror) this.onerror({ message }); }); },
      };
      global.depthraceLanes = glue;
      const go = new global.Go();
      const instance = await WebAssembly.instantiate(module, go.importObject);
      const memory = instance.exports.mem;
      go.run(instance).then(() => this.emit({ v: VERSION, kind: 'exit', error: 'the Go program ended' }));
      this.handle = glue.handle;
      for (const msg of this.queued.splice(0)) deliver(this.handle, msg);
    }

    terminate() {
      this.dead = true;
    }
  }

  /** DepthracePool runs core/wire jobs on a pool of lane workers. */
  class DepthracePool {
    /** defaultSize is min(navigator.hardwareConcurrency, 8). */
    static defaultSize() {
      return Math.min((global.navigator && navigator.hardwareConcurrency) || 1, 8);
    }

    /**
     * options: size (1..16, default defaultSize(); the page passes the link's
     * workers=N), base (URL prefix of lanes.wasm, lanes-worker.js and
     * wasm_exec.js), deadlineMs (per job, default 60000; streaming lanes
     * take none unless given), graceMs (how long past the deadline a silent
     * worker is called hung), cancelGraceMs (how long a cancelled job may
     * take to stop before its worker is replaced), mainThread (force the fallback), test (honour
     * injected faults), onNotice(text), splitMinWork (the estimated units of
     * a wide lane's heaviest layer from which lane() splits it across the
     * pool's idle workers; default DepthracePool.SPLIT_MIN_WORK),
     * splitGraceMs (how long, at least, the other members of a split lane
     * may lag behind the first one at a barrier before the late ones are
     * called hung: the larger of it and 4 times the layer's time so far).
     */
    constructor(options = {}) {
      const base = options.base || '';
      this.wasmURL = base + 'lanes.wasm';
      this.workerURL = base + 'lanes-worker.js';
      this.execURL = base + 'wasm_exec.js';
      const size = options.size || DepthracePool.defaultSize();
      this.size = Math.max(1, Math.min(16, Math.floor(size)));
      this.deadlineMs = options.deadlineMs ?? 60000;
      this.graceMs = options.graceMs ?? 1000;
      this.cancelGraceMs = options.cancelGraceMs ?? 5000;
      this.test = !!options.test;
      this.mainThread = !!options.mainThread || typeof global.Worker !== 'function';
      this.fallback = null; // why the pool runs on the main thread, once it does
      this.onNotice = options.onNotice || (() => {});
      this.notices = [];
      this.slots = [];
      this.queue = [];
      this.nextId = 1;
      this.nextGroup = 1;
      this.closed = false;
      this.splitMinWork = options.splitMinWork ?? DepthracePool.SPLIT_MIN_WORK;
      this.splitGraceMs = options.splitGraceMs ?? 5000;
      this.counters = { restarts: 0, retries: 0, failures: 0, workMs: 0, splitLanes: 0, splitFallbacks: 0 };
      this.laneLog = []; // the last lanes run: model, workers, wall times
      this.compileMs = null;
    }

    notice(text) {
      this.notices.push(text);
      this.onNotice(text);
    }

    /** start compiles lanes.wasm and brings every worker up; it resolves to the pool. */
    async start() {
      if (this.mainThread) this.useMainThread('Web Workers are unavailable');
      const t0 = performance.now();
      this.module = await compile(this.wasmURL);
      this.compileMs = performance.now() - t0;
      const ready = [];
      for (let i = 0; i < this.size; i++) ready.push(this.spawn(i));
      await Promise.all(ready);
      return this;
    }

    /** useMainThread switches to one lanes.wasm on the page, once, with a notice. */
    useMainThread(why) {
      if (this.fallback) return;
      this.fallback = why;
      this.mainThread = true;
      this.size = 1;
      this.notice(`${why}: lanes run on the main thread, so the page may pause during long runs.`);
    }

    /** spawn starts the worker of slot i; it resolves when the worker is ready. */
    spawn(i) {
      const slot = { index: i, state: 'starting', job: null, timer: 0, t0: performance.now(), startupMs: null,
        goStartupMs: null, goHeapBytes: null, wasmMemoryBytes: null };
      this.slots[i] = slot;
      let worker;
      if (!this.mainThread) {
        try {
          worker = new Worker(this.workerURL);
        } catch (e) {
          this.useMainThread(`Web Workers cannot start here (${e.message})`);
        }
      }
      if (!worker) worker = new PageWorker(this.execURL);
      slot.worker = worker;
      const ready = new Promise((resolve, reject) => { slot.ready = resolve; slot.broken = reject; });
      worker.onmessage = (e) => this.onReply(slot, e.data);
      worker.onerror = (e) => {
        if (e.preventDefault) e.preventDefault();
        this.fail(slot, `the worker threw: ${e.message || 'an uncaught error'}`);
      };
      worker.onmessageerror = () => this.fail(slot, 'the worker sent a message that could not be read');
      worker.postMessage({ init: true, module: this.module });
      slot.timer = setTimeout(() => this.fail(slot, 'the worker did not start in time'), Math.max(this.deadlineMs, 10000));
      return ready;
    }

    onReply(slot, msg) {
      if (slot.state === 'dead' || !msg || msg.v !== VERSION) return;
      if (msg.kind === 'exit') {
        this.fail(slot, `the worker died (${msg.error})`);
        return;
      }
      if (msg.kind === 'ready') {
        clearTimeout(slot.timer);
        slot.state = 'idle';
        slot.startupMs = performance.now() - slot.t0;
        slot.goStartupMs = msg.startupMs || 0;
        slot.goHeapBytes = msg.heapBytes || 0;
        slot.wasmMemoryBytes = msg.wasmMemoryBytes || 0;
        slot.ready(slot);
        this.pump();
        return;
      }
      const job = slot.job;
      if (!job || msg.id !== job.id) return; // not this worker's job: stale
      if (job.stub) { // a member of a split lane that fell back: wait for it to stop
        if (TERMINAL.has(msg.kind)) this.release(slot);
        return;
      }
      if (msg.kind === 'frames') { // a lane's frames, from its worker or a split lane's member 0
        if (!job.settled && job.onFrames) job.onFrames(msg.data, msg, (credit) => this.grant(slot, job, credit));
        return;
      }
      if (TERMINAL.has(msg.kind)) {
        this.counters.workMs += msg.wallMs || 0;
        slot.goHeapBytes = msg.heapBytes || slot.goHeapBytes;
        slot.wasmMemoryBytes = msg.wasmMemoryBytes || slot.wasmMemoryBytes;
      }
      if (job.members) {
        this.onSplitReply(slot, job, msg);
        return;
      }
      if (!TERMINAL.has(msg.kind)) return;
      clearTimeout(slot.timer);
      slot.job = null;
      slot.state = 'idle';
      if (msg.kind === 'error' && msg.deadline) {
        this.retryOrReject(job, msg.error);
      } else if (msg.kind === 'error') {
        this.settle(job, new PoolError(msg.error));
      } else if (msg.kind === 'canceled') {
        this.settle(job, abortError());
      } else {
        this.settle(job, null, msg);
      }
      this.pump();
    }

    grant(slot, job, credit) {
      if (slot.job === job && !job.settled) slot.worker.postMessage({ v: VERSION, kind: 'more', id: job.id, credit });
    }

    /** fail retires a broken worker, starts its replacement and retries its job. */
    fail(slot, reason) {
      if (slot.state === 'dead') return;
      const starting = slot.state === 'starting';
      slot.state = 'dead';
      clearTimeout(slot.timer);
      slot.worker.terminate();
      const job = slot.job;
      slot.job = null;
      if (starting) {
        slot.broken(new PoolError(`lane worker ${slot.index} failed to start: ${reason}`));
        return;
      }
      if (this.closed) return;
      this.counters.restarts++;
      this.spawn(slot.index).catch((err) => this.notice(err.message));
      if (job && job.members) this.splitFailed(job, slot, reason);
      else if (job && !job.stub) this.retryOrReject(job, reason);
    }

    retryOrReject(job, reason) {
      if (job.settled) return;
      job.failures.push(reason);
      if (job.failures.length < 2) {
        this.counters.retries++;
        this.queue.unshift(job);
        this.pump();
        return;
      }
      this.counters.failures++;
      this.settle(job, new PoolError(`${job.label} failed twice: first ${job.failures[0]}, then ${reason}`));
    }

    settle(job, err, value) {
      if (job.settled) return;
      job.settled = true;
      if (value && job.t0 !== undefined) {
        // How the job ran: on how many workers, and its wall time on the
        // page's clock from getting its workers to its final reply.
        value.poolWorkers = job.workers;
        value.poolWallMs = performance.now() - job.t0;
      }
      if (job.signal) job.signal.removeEventListener('abort', job.abort);
      if (err) job.reject(err);
      else job.resolve(value);
    }

    /**
     * pump hands queued jobs to idle workers, in order. A split lane takes
     * up to its k idle workers at once when at least two are idle (when it
     * was forced to k, it waits for k); otherwise it runs unsplit at once.
     */
    pump() {
      while (this.queue.length) {
        const job = this.queue[0];
        if (job.settled) {
          this.queue.shift();
          continue;
        }
        const idle = this.slots.filter((s) => s.state === 'idle');
        if (!idle.length) return;
        if (job.split) {
          const need = job.split.forced ? job.split.k : 2;
          if (idle.length >= need) {
            this.queue.shift();
            this.startSplit(job, idle.slice(0, job.split.k));
            continue;
          }
          if (job.split.forced && this.slots.some((s) => s.state === 'busy' || s.state === 'starting')) return;
          job.split = null; // not enough workers for it: run it unsplit now
        }
        this.queue.shift();
        this.dispatch(idle[0], job);
      }
    }

    /** dispatch starts a job on one idle worker. */
    dispatch(slot, job) {
      slot.state = 'busy';
      slot.job = job;
      job.workers = 1;
      job.t0 = performance.now();
      const req = Object.assign({}, job.req, { v: VERSION, id: job.id });
      if (job.group) req.group = job.group;
      if (job.deadlineMs > 0) req.deadlineMs = job.deadlineMs;
      if (this.test && job.fault && job.failures.length < job.faultTimes) {
        req.test = true;
        req.fault = job.fault;
      }
      slot.worker.postMessage(req);
      this.arm(slot, job);
    }

    /** arm starts a busy worker's deadline timer: past it, the worker is called hung. */
    arm(slot, job) {
      if (job.deadlineMs > 0) {
        slot.timer = setTimeout(() => this.fail(slot, `it hung past the ${job.deadlineMs} ms deadline`), job.deadlineMs + this.graceMs);
      }
    }

    /** release returns a worker whose job has ended to the idle set. */
    release(slot) {
      clearTimeout(slot.timer);
      slot.job = null;
      slot.state = 'idle';
      this.pump();
    }

    /**
     * startSplit runs a wide lane split by cells across the given idle
     * workers (core/wire split requests): each builds the same run and
     * computes its range of every layer; the page gathers the k parts of a
     * layer and forwards them all to every member (the barrier), which
     * applies them and goes on. Layer 0 is the start barrier: empty parts
     * saying each member has built its run, so they start together. Member 0 streams the frames and its result
     * is the lane's. An injected test fault hits the last member.
     */
    startSplit(job, slots) {
      const k = slots.length;
      Object.assign(job, { members: slots, workers: k, layer: 0, parts: new Array(k), got: 0, ended: 0, final: null, t0: performance.now() });
      job.layerT0 = job.t0;
      this.counters.splitLanes++;
      slots.forEach((slot, index) => {
        slot.state = 'busy';
        slot.job = job;
        const req = { v: VERSION, kind: 'split', id: job.id, lane: job.req.lane, split: { workers: k, index } };
        if (job.group) req.group = job.group;
        if (job.deadlineMs > 0) req.deadlineMs = job.deadlineMs;
        if (this.test && job.fault && index === k - 1 && job.failures.length < job.faultTimes) {
          req.test = true;
          req.fault = job.fault;
        }
        slot.worker.postMessage(req);
        this.arm(slot, job);
      });
    }

    /** onSplitReply handles a split lane member's reply other than frames, which onReply forwards. */
    onSplitReply(slot, job, msg) {
      const index = job.members.indexOf(slot);
      if (msg.kind === 'part') {
        const start = job.layer === 0;
        if ((msg.layer || 0) !== job.layer || job.parts[index] || start !== !(msg.data instanceof ArrayBuffer)) {
          this.splitFailed(job, null, `member ${index} sent the part of layer ${msg.layer} while layer ${job.layer} was due`);
          return;
        }
        job.parts[index] = start ? new Uint8Array(0) : new Uint8Array(msg.data);
        if (++job.got === 1) {
          // Members do equal work: one that lags far behind the first is hung.
          const wait = Math.max(this.splitGraceMs, 4 * (performance.now() - job.layerT0));
          job.barrierTimer = setTimeout(() => this.barrierLate(job), wait);
        }
        if (job.got < job.members.length) return;
        clearTimeout(job.barrierTimer);
        job.layerT0 = performance.now();
        if (start) {
          for (const member of job.members) member.worker.postMessage({ v: VERSION, kind: 'layer', id: job.id, layer: 0 });
          job.layer = 1;
          job.parts = new Array(job.members.length);
          job.got = 0;
          return;
        }
        // The barrier: every member gets every part, in range order.
        const total = job.parts.reduce((n, p) => n + p.length, 0);
        const all = new Uint8Array(total);
        let at = 0;
        for (const p of job.parts) {
          all.set(p, at);
          at += p.length;
        }
        job.members.forEach((member, i) => {
          const data = i === job.members.length - 1 ? all.buffer : all.slice().buffer;
          member.worker.postMessage({ v: VERSION, kind: 'layer', id: job.id, layer: job.layer, data }, [data]);
        });
        job.layer++;
        job.parts = new Array(job.members.length);
        job.got = 0;
        return;
      }
      if (!TERMINAL.has(msg.kind)) return;
      if (msg.kind !== 'result') {
        clearTimeout(slot.timer);
        slot.job = null;
        slot.state = 'idle';
        if (msg.kind === 'canceled' && job.settled) {
          this.pump();
          return;
        }
        this.splitFailed(job, null, msg.error || `member ${index} was cancelled`);
        return;
      }
      if (index === 0) job.final = msg;
      job.ended++;
      const done = job.ended === job.members.length;
      if (done) this.settle(job, null, job.final);
      this.release(slot);
    }

    /** barrierLate retires the members of a split lane that never reached the barrier. */
    barrierLate(job) {
      if (!job.members || job.settled) return;
      const layer = job.layer;
      job.members.filter((m, i) => !job.parts[i]).forEach((m) => this.fail(m, `it fell behind the other members at the barrier of layer ${layer}`));
    }

    /**
     * splitFailed gives up splitting a lane: it stops the other members
     * and requeues the lane to run unsplit in one worker, which is its one
     * retry. slot is the failed member when it has been retired already.
     */
    splitFailed(job, failed, reason) {
      const members = job.members;
      clearTimeout(job.barrierTimer);
      job.members = null;
      job.split = null;
      for (const s of members) {
        if (s === failed || s.job !== job) continue;
        s.job = { id: job.id, stub: true };
        s.worker.postMessage({ v: VERSION, kind: 'cancel', id: job.id });
        clearTimeout(s.timer);
        s.timer = setTimeout(() => this.fail(s, 'it did not stop after a cancel'), this.cancelGraceMs);
      }
      if (job.settled) return;
      this.counters.splitFallbacks++;
      this.retryOrReject(job, `the lane split over ${members.length} workers failed: ${reason}`);
    }

    /**
     * run submits one request (a core/wire request without v and id) and
     * resolves to the worker's final reply. options: signal (AbortSignal),
     * group, deadlineMs, onFrames(buffer, reply, more), label, and for tests
     * fault ('throw' | 'hang' | 'die') with faultTimes (attempts to fault).
     */
    run(req, options = {}) {
      return new Promise((resolve, reject) => {
        const job = {
          id: this.nextId++, req, resolve, reject, settled: false, failures: [],
          group: options.group || 0,
          deadlineMs: options.deadlineMs ?? this.deadlineMs,
          onFrames: options.onFrames, signal: options.signal,
          fault: options.fault, faultTimes: options.faultTimes ?? 1,
          label: options.label || `${req.kind} job`,
          split: options.split || null, // {k, forced}: a wide lane to split (see lane)
        };
        if (job.signal) {
          if (job.signal.aborted) return reject(abortError());
          job.abort = () => this.cancel(job);
          job.signal.addEventListener('abort', job.abort);
        }
        this.queue.push(job);
        this.pump();
      });
    }

    /** cancel drops a job at once; its worker stops between steps and stays busy until it says so. */
    cancel(job) {
      if (job.settled) return;
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      for (const slot of this.slots.filter((s) => s.job === job)) {
        slot.worker.postMessage({ v: VERSION, kind: 'cancel', id: job.id });
        clearTimeout(slot.timer);
        slot.timer = setTimeout(() => this.fail(slot, 'it did not stop after a cancel'), this.cancelGraceMs);
      }
      this.settle(job, abortError());
    }

    /**
     * lane runs one lane of the race a link describes and resolves to
     * {report, answer, wrong, workers, wallMs}: the command line's
     * race.LaneReport, the final answer with guesses filled in, the cells it
     * got wrong, the number of workers the lane ran on and its wall time in
     * ms on the page's clock (from getting its workers to its result, the
     * instance's generation included; report.WallNS is the worker's own
     * time for the steps, barriers included when split). With
     * onFrames(buffer, reply, more), each binary frame batch
     * (core/wire.EncodeFrames) arrives as a transferred ArrayBuffer, and
     * more(n) grants credit for n further frames (options.credit, default
     * 256, is the first grant). A lane retried after a worker failure
     * streams again from frame 0 under a fresh first grant; core/wire.Feed,
     * on the Go side of the canvas, skips the replayed frames and counts
     * them as credit to grant back.
     *
     * The wide lane splits its layers by cells across up to every worker
     * of the pool when its heaviest layer is estimated at splitMinWork
     * units or more (splitWork) and at least two workers are idle when it
     * starts; its frames and result are the unsplit lane's, byte for byte.
     * options.split: false never splits; a number k forces a split over k
     * workers (waiting for them). If a split lane fails, it runs again
     * unsplit in one worker: that is its one retry.
     */
    async lane(hash, model, options = {}) {
      const frames = !!options.onFrames;
      const split = this.splitPlan(hash, model, options.split);
      const reply = await this.run({
        kind: 'lane',
        lane: { hash, model, frames, credit: options.credit ?? 256, batchFrames: options.batchFrames ?? 32 },
      }, Object.assign({ label: `the ${model} lane`, deadlineMs: frames ? 0 : this.deadlineMs }, options, { split }));
      const out = { report: reply.result, answer: reply.answer || [], wrong: reply.wrong || [], workers: reply.poolWorkers, wallMs: reply.poolWallMs };
      this.laneLog.push({ model, workers: out.workers, wallMs: out.wallMs, stepsMs: out.report.WallNS / 1e6 });
      if (this.laneLog.length > 32) this.laneLog.shift();
      return out;
    }

    /** splitPlan decides whether a lane splits: null, or {k, forced}. */
    splitPlan(hash, model, option) {
      if (model !== 'wide' || option === false || this.mainThread || this.size < 2) return null;
      if (typeof option === 'number') {
        const k = Math.min(Math.floor(option), this.size);
        return k >= 2 && splitWork(hash) > 0 ? { k, forced: true } : null;
      }
      const work = splitWork(hash);
      return work > 0 && work >= this.splitMinWork ? { k: this.size, forced: false } : null;
    }

    /** summarize turns instance rows into the sweep's rows (objects keyed by the CSV columns). */
    async summarize(spec, rows, options = {}) {
      const reply = await this.run({ kind: 'summarize', sweep: { spec }, rows }, Object.assign({ label: 'the sweep summary' }, options));
      return reply.table;
    }

    /**
     * sweep runs a sweep spec (the command line's keys) sharded across the
     * pool and resolves to its rows, equal to `depthrace sweep --format json`.
     * options: signal, shard (jobs per shard), onProgress(done, total,
     * instanceRows) after each shard, and for tests fault/faultTimes, which
     * apply to the first shard.
     */
    async sweep(spec, options = {}) {
      const signal = options.signal;
      const group = this.nextGroup++;
      const plan = await this.run({ kind: 'plan', sweep: { spec } }, { signal, label: 'the sweep plan' });
      const total = plan.jobs;
      const shard = options.shard || Math.max(1, Math.ceil(total / (this.size * 4)));
      const local = new AbortController(); // stops the other shards when one fails
      const stop = () => local.abort();
      if (signal) signal.addEventListener('abort', stop);
      const rows = [];
      let done = 0;
      const shards = [];
      for (let start = 0; start < total; start += shard) {
        const jobs = [];
        for (let j = start; j < Math.min(total, start + shard); j++) jobs.push(j);
        const first = start === 0;
        shards.push(this.run({ kind: 'sweep', sweep: { spec, jobs } }, {
          group, signal: local.signal, label: `sweep shard ${start}..${start + jobs.length - 1}`,
          fault: first ? options.fault : undefined, faultTimes: options.faultTimes,
        }).then((reply) => {
          if (local.signal.aborted) return;
          rows.push(...reply.rows);
          done += jobs.length;
          if (options.onProgress) options.onProgress(done, total, rows);
        }));
      }
      try {
        await Promise.all(shards);
      } catch (err) {
        stop();
        throw (signal && signal.aborted) ? abortError() : err;
      } finally {
        if (signal) signal.removeEventListener('abort', stop);
      }
      if (signal && signal.aborted) throw abortError();
      return this.summarize(spec, rows, { signal });
    }

    /** stats reports the pool for tests and the page: sizes, counters, timings, memory. */
    stats() {
      const live = this.slots.filter((s) => s.state === 'idle' || s.state === 'busy');
      const mem = global.performance && performance.memory;
      return {
        workers: this.size,
        alive: live.length,
        busy: this.slots.filter((s) => s.state === 'busy').length,
        queued: this.queue.length,
        restarts: this.counters.restarts,
        retries: this.counters.retries,
        failures: this.counters.failures,
        // Time workers spent on jobs, summed over workers: over a wall-clock
        // interval it is the parallelism the pool achieved.
        workMs: this.counters.workMs,
        // Wide lanes split across workers, and those that fell back to one.
        splitLanes: this.counters.splitLanes,
        splitFallbacks: this.counters.splitFallbacks,
        // The last lanes run (at most 32): model, workers used, wall time
        // on the page's clock and the worker's own time for the steps.
        lanes: this.laneLog.slice(),
        mainThread: this.mainThread,
        notices: this.notices.slice(),
        compileMs: this.compileMs,
        // Start-up: from new Worker() to its ready message, on the page's clock.
        startupMs: live.map((s) => s.startupMs),
        // The part of it inside Go's main (the rest is fetching the scripts,
        // instantiating the module and the Go runtime's own start).
        goStartupMs: live.map((s) => s.goStartupMs),
        // Memory per worker: the Go heap in use (runtime.MemStats.HeapInuse)
        // and the wasm linear memory (which only grows), as the worker last
        // reported them: at start-up, then after each job.
        goHeapBytes: live.map((s) => s.goHeapBytes),
        wasmMemoryBytes: live.map((s) => s.wasmMemoryBytes),
        // The page's own JS heap (Chrome only); workers' heaps are not in it.
        pageJSHeapBytes: mem ? mem.usedJSHeapSize : null,
      };
    }

    /** close terminates every worker and rejects queued jobs. */
    close() {
      this.closed = true;
      for (const job of this.queue.splice(0)) this.settle(job, new PoolError('the pool was closed'));
      for (const slot of this.slots) {
        clearTimeout(slot.timer);
        if (slot.job) this.settle(slot.job, new PoolError('the pool was closed'));
        slot.state = 'dead';
        slot.worker.terminate();
      }
    }
  }

  /**
   * SPLIT_MIN_WORK is the default estimated size of a wide lane's heaviest
   * layer, in units, from which lane() splits it. Measured on two workers
   * (BenchmarkPoolSplit in site/pool_browser_test.go): rule 90's Lucas
   * layer at t = 4095 (33.5M units) gains, at t = 2047 (8.4M) it loses, and
   * s5 and parity at n = 65536 lose by far, since every member must apply
   * the whole next state (two registers per cell) at each barrier.
   */
  DepthracePool.SPLIT_MIN_WORK = 1 << 24;
  DepthracePool.splitWork = splitWork;

  global.DepthracePool = DepthracePool;
  global.PoolError = PoolError;
})(globalThis);
