// npm run bench: the SPEC's performance targets, measured.
//
// Builds a synthetic city of 50,000 staff with three 年度 of history (~2 million assignments) in a
// temporary database, then calls the built Remix request handler in-process (createRequestHandler
// from @remix-run/node with build/server: the same code `npm start` serves, without the network)
// and measures the server time of each request until its body has been read completely:
// the HR dashboard, a drill-down list, a transcript, /learn, and /learn's throughput against a
// bare page (/login, same layout, no data) of the same handler in the same run. The event loop is
// watched with perf_hooks.monitorEventLoopDelay while they run (after 20 warm-up requests each).
// Prints a table, then one JSON line.
//
//   npm run bench                         defaults (50,000 staff)
//   npm run bench -- --employees 10000    a smaller city
//   npm run bench -- --keep               keep the database and print how to serve it
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createCookie, createRequestHandler, type ServerBuild } from "@remix-run/node";
import { openDatabase } from "../db/client.server";
import { hashPasswordSync } from "../domain/auth/password.server";
import { buildSyntheticOrganisation, createBenchSession, prepareBenchAccounts } from "../domain/bench/synthetic.server";
import { syncCatalog } from "../domain/content/catalog.server";
import { loadContentFolder } from "../domain/content/load.server";

const { values } = parseArgs({
  options: {
    employees: { type: "string", default: "50000" },
    requests: { type: "string", default: "200" },
    seconds: { type: "string", default: "4" },
    keep: { type: "boolean", default: false },
  },
});

const EMPLOYEES = Number(values.employees);
const REQUESTS = Number(values.requests);
const THROUGHPUT_SECONDS = Number(values.seconds);
const TODAY = "2026-11-25";
const CURRENT_YEAR = 2026;
const BENCH_PASSWORD = "mamori-bench";
const TARGETS = { dashboardP95Ms: 50, learnerP95Ms: 20, eventLoopMaxMs: 50 };

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The shipped content plus six copies of one module: 13–16 assignments per person and 年度, ~2M rows. */
function benchContent(folder: string): string {
  const target = path.join(folder, "content");
  cpSync(path.resolve("content"), target, { recursive: true });
  const source = readFileSync(path.join(target, "threats.md"), "utf8");
  for (let index = 1; index <= 6; index += 1) {
    writeFileSync(
      path.join(target, `bench-extra-${index}.md`),
      source
        .replace(/^id: threats$/m, `id: bench-extra-${index}`)
        .replace(/^title: .*$/m, `title: 追加研修 ${index}（ベンチマーク用）`)
        .replace(/^order: .*$/m, `order: ${300 + index}`),
    );
  }
  return target;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

type Measured = { name: string; n: number; p50: number; p95: number; max: number; statuses: Record<number, number> };

async function main() {
  if (!existsSync("build/server/index.js")) throw new Error("build/server/index.js がありません。npm run build を先に実行してください（npm run bench は自動で行います）。");
  const folder = mkdtempSync(path.join(os.tmpdir(), "mamori-bench-"));
  const file = path.join(folder, "bench.db");
  const contentDir = benchContent(folder);
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_PATH: file,
    CONTENT_DIR: contentDir,
    MAMORI_NOW: `${TODAY}T01:00:00Z`,
    // The day's reminder run is started by the benchmark at a known moment (its own phase below),
    // not by the scheduler at whatever moment its first tick falls in.
    REMINDERS_SCHEDULER: "off",
  });

  log(`合成データを作成しています（職員 ${EMPLOYEES.toLocaleString()} 人、3年度）: ${file}`);
  const modules = loadContentFolder(contentDir);
  const migrated = openDatabase(file);
  syncCatalog(migrated, { modules, byId: new Map(modules.map((module) => [module.id, module])) }, Date.parse(`${CURRENT_YEAR - 2}-04-01T00:00:00Z`));
  migrated.$client.close();
  const data = buildSyntheticOrganisation({ file, modules, employees: EMPLOYEES, currentYear: CURRENT_YEAR, today: TODAY });
  log(`  ${data.assignments.toLocaleString()} 件の割り当て、${data.completions.toLocaleString()} 件の修了、${data.quizAttempts.toLocaleString()} 件の受験を ${data.seconds.toFixed(1)} 秒で作成`);

  // Sign-ins: HR, and a few hundred learners, each with a server-side session.
  const { hrAccount, learnerAccounts, transcriptSample, buSample } = prepareBenchAccounts(file, data, hashPasswordSync(BENCH_PASSWORD));
  const tokens = createBenchSession(file, [hrAccount, ...learnerAccounts]);
  const cookieJar = createCookie("mamori_session", { path: "/", sameSite: "lax", httpOnly: true });
  const cookieOf = async (accountId: number) => (await cookieJar.serialize(tokens.get(accountId)!)).split(";")[0];
  const hrCookie = await cookieOf(hrAccount);
  const learnerCookies = await Promise.all(learnerAccounts.map(cookieOf));

  // The built server, started exactly as server.ts does it.
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  (build.entry.module as unknown as { startup: (options: { demo: boolean }) => unknown }).startup({ demo: false });
  const handler = createRequestHandler(build, "production");
  const loadContext = { clientIp: "127.0.0.1", cspNonce: "bench" };
  const call = async (url: string, cookie?: string) => {
    const response = await handler(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} }), loadContext);
    await response.arrayBuffer();
    return response.status;
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  const results: Measured[] = [];
  const warmUp = async (urls: (index: number) => [string, string | undefined]) => {
    // 20 requests first (statements compiled, code optimised), outside the measurements.
    for (let index = 0; index < 20; index += 1) await call(...urls(index + REQUESTS));
  };
  const measure = async (name: string, urls: (index: number) => [string, string | undefined]) => {
    const times: number[] = [];
    const statuses: Record<number, number> = {};
    for (let index = 0; index < REQUESTS; index += 1) {
      const [url, cookie] = urls(index);
      const started = performance.now();
      const status = await call(url, cookie);
      times.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // Let timers run between requests so the event-loop monitor sees each request on its own.
      await new Promise((resolve) => setImmediate(resolve));
    }
    times.sort((a, b) => a - b);
    const measured = { name, n: times.length, p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1], statuses };
    results.push(measured);
    log(`  ${name}: p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms`);
    return measured;
  };

  const [org1, org2, org3, org4, org5] = data.organisationIds;
  const sample = (index: number) => data.departmentSample[index % data.departmentSample.length];
  const dashboardUrls = [
    `/hr?fy=${CURRENT_YEAR}`,
    `/hr?fy=${CURRENT_YEAR}&dept=${org1}`,
    `/hr?fy=${CURRENT_YEAR}&dept=${org4}`,
    `/hr?fy=${CURRENT_YEAR}&dept=${buSample[3 % buSample.length]}`,
    `/hr?fy=${CURRENT_YEAR}&category=2`,
    `/hr?fy=${CURRENT_YEAR}&module=threats`,
    `/hr?fy=${CURRENT_YEAR - 1}&dept=${org2}`,
    `/hr?fy=${CURRENT_YEAR}&dept=${sample(5)}`,
  ];
  const drillUrls = [
    `/hr/employees?fy=${CURRENT_YEAR}&status=overdue`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${org1}&status=overdue`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${org4}&category=1&status=overdue`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${buSample[7 % buSample.length]}&status=incomplete`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${org5}&status=completed&sort=name`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${org3}&status=assigned`,
    `/hr/employees?fy=${CURRENT_YEAR}&status=exempt`,
    `/hr/employees?fy=${CURRENT_YEAR}&dept=${sample(9)}&status=overdue`,
  ];

  // The generator's garbage (millions of rows went through it) is collected now, not in the
  // middle of a measured request.
  (globalThis as { gc?: () => void }).gc?.();
  const loadAverageBefore = os.loadavg()[0];
  log("測定しています（Remix のリクエストハンドラーをプロセス内で呼び出し、本文を読み終えるまでの時間）");
  const scenarios: [string, (index: number) => [string, string | undefined]][] = [
    ["HR dashboard /hr", (index) => [dashboardUrls[index % dashboardUrls.length], hrCookie]],
    ["drill-down /hr/employees", (index) => [drillUrls[index % drillUrls.length], hrCookie]],
    ["transcript /hr/employees/:no", (index) => [`/hr/employees/${transcriptSample[index % transcriptSample.length]}`, hrCookie]],
    ["learner /learn", (index) => [`/learn`, learnerCookies[index % learnerCookies.length]]],
  ];
  for (const [, urls] of scenarios) await warmUp(urls);
  (globalThis as { gc?: () => void }).gc?.();
  loop.enable();
  const [dashboard, drill, transcript, learn] = [
    await measure(...scenarios[0]),
    await measure(...scenarios[1]),
    await measure(...scenarios[2]),
    await measure(...scenarios[3]),
  ];
  loop.disable();
  const latencyLoop = { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };

  // Throughput: /learn against a bare page of the same handler, same run, 8 requests in flight.
  const throughput = async (url: (index: number) => [string, string | undefined]) => {
    const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
    let done = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let index = worker; performance.now() < deadline; index += 8) {
          await call(...url(index));
          done += 1;
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  };
  loop.reset();
  loop.enable();
  const bareRps = await throughput(() => ["/login", undefined]);
  const learnRps = await throughput((index) => ["/learn", learnerCookies[index % learnerCookies.length]]);
  loop.disable();
  const throughputLoop = { maxMs: loop.max / 1e6 };
  log(`  throughput: /learn ${learnRps.toFixed(0)} req/s, bare /login ${bareRps.toFixed(0)} req/s`);

  // The heavy ones, for the event loop: the annual report (computed by the worker, then rendered
  // here) and a large CSV (streamed in chunks).
  loop.reset();
  loop.enable();
  let started = performance.now();
  await call(`/hr/report?fy=${CURRENT_YEAR}`, hrCookie);
  const reportMs = performance.now() - started;
  const reportLoopMs = loop.max / 1e6;
  // The question statistics re-grade every submitted attempt of the 年度 (also on the worker).
  loop.reset();
  started = performance.now();
  await call(`/hr/report/questions?fy=${CURRENT_YEAR}`, hrCookie);
  const questionsMs = performance.now() - started;
  const questionsLoopMs = loop.max / 1e6;
  loop.reset();
  started = performance.now();
  const exported = await handler(new Request(`http://localhost/hr/employees/export.csv?fy=${CURRENT_YEAR}&dept=${org1}&status=incomplete`, { headers: { Cookie: hrCookie } }), loadContext);
  const exportBytes = Buffer.from(await exported.arrayBuffer());
  const exportMs = performance.now() - started;
  loop.disable();
  // Counted after the monitor stops: splitting 10 MB here would be the benchmark's own stall.
  let exportRows = -1;
  for (let index = exportBytes.indexOf("\r\n"); index !== -1; index = exportBytes.indexOf("\r\n", index + 2)) exportRows += 1;
  const exportLoopMs = loop.max / 1e6;
  const heavyLoop = { maxMs: Math.max(reportLoopMs, questionsLoopMs, exportLoopMs) };
  log(
    `  annual report ${reportMs.toFixed(0)} ms (longest event-loop stall ${reportLoopMs.toFixed(1)} ms), ` +
      `question statistics ${questionsMs.toFixed(0)} ms (longest stall ${questionsLoopMs.toFixed(1)} ms), ` +
      `CSV export of ${exportRows.toLocaleString()} rows ${exportMs.toFixed(0)} ms (longest stall ${exportLoopMs.toFixed(1)} ms)`,
  );

  // The day's reminder run (HR's 「今すぐ実行」, as the scheduler does every business morning) works
  // in the background worker process; meanwhile the web process serves /learn and the dashboard in turn.
  // The benchmark's own garbage from the phase above (the 10 MB export it read) is collected first.
  (globalThis as { gc?: () => void }).gc?.();
  loop.reset();
  loop.enable();
  started = performance.now();
  let runFinished = false;
  const running = handler(
    new Request("http://localhost/hr/reminders", {
      method: "POST",
      body: new URLSearchParams({ intent: "run" }),
      headers: { Cookie: hrCookie, "Content-Type": "application/x-www-form-urlencoded" },
    }),
    loadContext,
  ).then((response) => {
    runFinished = true;
    return { status: response.status, location: response.headers.get("Location") ?? "" };
  });
  const duringRun: number[] = [];
  for (let index = 0; !runFinished; index += 1) {
    const [url, cookie] = index % 2 === 0 ? ["/learn", learnerCookies[index % learnerCookies.length]] : [dashboardUrls[index % dashboardUrls.length], hrCookie];
    const requestStarted = performance.now();
    await call(url, cookie);
    duringRun.push(performance.now() - requestStarted);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const runOutcome = await running;
  const runMs = performance.now() - started;
  loop.disable();
  const runLoop = { maxMs: loop.max / 1e6 };
  duringRun.sort((a, b) => a - b);
  const runId = Number(/ran=(\d+)/.exec(runOutcome.location)?.[1] ?? NaN);
  const check = openDatabase(file).$client;
  const runRow = Number.isNaN(runId) ? undefined : (check.prepare("SELECT messages_queued AS queued FROM reminder_runs WHERE id = ?").get(runId) as { queued: number } | undefined);
  check.close();
  if (!runRow) throw new Error(`リマインダーの実行が記録されませんでした（HTTP ${runOutcome.status} ${runOutcome.location}）`);
  log(
    `  reminder run on the worker: ${runMs.toFixed(0)} ms, ${runRow.queued.toLocaleString()} messages queued; meanwhile ${duringRun.length} pages, ` +
      `p95 ${percentile(duringRun, 0.95).toFixed(1)} ms, longest event-loop stall ${runLoop.maxMs.toFixed(1)} ms`,
  );

  const round = (value: number) => Math.round(value * 10) / 10;
  const figures = (measured: Measured) => ({ p50Ms: round(measured.p50), p95Ms: round(measured.p95), maxMs: round(measured.max) });
  const loadAtEnd = os.loadavg()[0];
  const summary = {
    method: "in-process: @remix-run/node createRequestHandler(build/server), time until the response body is fully read",
    node: process.version,
    cpus: os.cpus().length,
    // Other processes on the machine slow every figure down; the 1-minute load average says how busy it was.
    loadAverage: { atMeasurementStart: round(loadAverageBefore), atEnd: round(loadAtEnd) },
    employees: EMPLOYEES,
    departments: data.departments,
    assignments: data.assignments,
    completions: data.completions,
    quizAttempts: data.quizAttempts,
    generationSeconds: round(data.seconds),
    requestsPerScenario: REQUESTS,
    // Wall-clock server time per request, from the handler call to the last byte of the body.
    dashboard: figures(dashboard),
    drilldown: figures(drill),
    transcript: figures(transcript),
    learn: figures(learn),
    throughput: { learnPerSecond: Math.round(learnRps), barePerSecond: Math.round(bareRps), ratio: Math.round((learnRps / bareRps) * 100) / 100 },
    eventLoop: {
      maxDelayMsDuringPages: round(latencyLoop.maxMs),
      p99DelayMsDuringPages: round(latencyLoop.p99Ms),
      maxDelayMsDuringReportAndExport: round(heavyLoop.maxMs),
      maxDelayMsDuringReport: round(reportLoopMs),
      maxDelayMsDuringQuestionStatistics: round(questionsLoopMs),
      maxDelayMsDuringExport: round(exportLoopMs),
      maxDelayMsWith8InFlight: round(throughputLoop.maxMs),
      maxDelayMsDuringReminderRun: round(runLoop.maxMs),
    },
    reminderRunOnWorker: {
      ms: Math.round(runMs),
      messagesQueued: runRow.queued,
      pagesServedMeanwhile: duringRun.length,
      pageP95Ms: round(percentile(duringRun, 0.95)),
    },
    annualReportMs: Math.round(reportMs),
    questionStatisticsMs: Math.round(questionsMs),
    csvExportMs: Math.round(exportMs),
    csvExportRows: exportRows,
    targets: TARGETS,
    met: {
      dashboard: dashboard.p95 <= TARGETS.dashboardP95Ms,
      learn: learn.p95 <= TARGETS.learnerP95Ms,
      // One request at a time: the longest stall is the longest a single request held the loop.
      // (Under the throughput run, 8 requests queue behind each other by design; that delay is
      // reported too but is waiting in line, not one request blocking.)
      eventLoop: Math.max(latencyLoop.maxMs, heavyLoop.maxMs) <= TARGETS.eventLoopMaxMs,
      // While the day's reminder run works in the worker process, the two share 2 cores: a stall
      // here is the web process waiting for CPU, not a request holding the loop. Reported apart.
      eventLoopDuringReminderRun: runLoop.maxMs <= TARGETS.eventLoopMaxMs,
    },
    nonOkResponses: results.flatMap((result) => Object.entries(result.statuses).filter(([status]) => status !== "200").map(([status, n]) => `${result.name}: ${status}×${n}`)),
  };

  const rows: string[][] = [
    ["scenario", "p50 ms", "p95 ms", "max ms", "target"],
    ...results.map((result) => [
      result.name,
      result.p50.toFixed(1),
      result.p95.toFixed(1),
      result.max.toFixed(1),
      result.name.startsWith("HR dashboard") ? `p95 ≤ ${TARGETS.dashboardP95Ms}` : result.name.startsWith("learner") ? `p95 ≤ ${TARGETS.learnerP95Ms}` : "",
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
  console.log(`throughput: /learn ${summary.throughput.learnPerSecond}/s vs bare page ${summary.throughput.barePerSecond}/s (ratio ${summary.throughput.ratio})`);
  console.log(
    `event loop, one request at a time: longest stall ${summary.eventLoop.maxDelayMsDuringPages} ms (the pages above), ` +
      `${summary.eventLoop.maxDelayMsDuringReportAndExport} ms (annual report, question statistics + ${exportRows.toLocaleString()}-row CSV export)` +
      `, ${summary.eventLoop.maxDelayMsDuringReminderRun} ms (pages served while the day's reminder run works on the background worker)` +
      `; target ≤ ${TARGETS.eventLoopMaxMs} ms (with 8 requests in flight, waiting in line: ${summary.eventLoop.maxDelayMsWith8InFlight} ms)`,
  );
  console.log(
    `reminder run on the background worker: ${summary.reminderRunOnWorker.ms} ms, ${runRow.queued.toLocaleString()} messages; ` +
      `${duringRun.length} pages served meanwhile, p95 ${summary.reminderRunOnWorker.pageP95Ms} ms`,
  );
  console.log(`data: ${EMPLOYEES.toLocaleString()} staff, ${data.assignments.toLocaleString()} assignments, generated in ${data.seconds.toFixed(1)} s; load average ${loadAverageBefore.toFixed(1)} → ${loadAtEnd.toFixed(1)} on ${os.cpus().length} CPUs`);

  if (values.keep) {
    log(`\nデータベースを残しました。次のコマンドで、この組織のまま起動できます（パスワード ${BENCH_PASSWORD}）:`);
    log(`  DATABASE_PATH=${file} CONTENT_DIR=${contentDir} MAMORI_NOW=${TODAY}T01:00:00Z npm start`);
    log(`  人事: ${data.hrEmployeeNo}  監査: ${data.auditorEmployeeNo}  受講者: ${data.learnerEmployeeNos[0]}`);
  } else {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(JSON.stringify(summary));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
