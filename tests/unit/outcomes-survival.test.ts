// Kaplan–Meier, Greenwood, log-log intervals, median and log-rank (domain.md §7), checked against
// R 4.2.2 with survival 3.5.3. Each case quotes the R command and its output; R is not needed to
// run these tests.
import { describe, expect, it } from "vitest";
import { chiSquareUpperTail, logGamma, regularizedUpperGamma } from "~/modules/outcomes/chi-square";
import {
  kaplanMeier,
  logLogInterval,
  logRankTest,
  medianSurvival,
  monthsToDays,
  naiveOperatingShare,
  numberAtRisk,
  summariseSurvival,
  survivalAt,
  survivalTimeFromVisits,
  type SurvivalTime,
} from "~/modules/outcomes/survival";

const tolerance = 6; // toBeCloseTo(x, 6): |difference| < 5e-7, within the 1e-6 the issue asks

function times(spec: string): SurvivalTime[] {
  // "9 13 13+": a number is a closure at that time, "+" marks censoring.
  return spec.split(/\s+/).map((t) => ({ time: Number(t.replace("+", "")), closed: !t.endsWith("+") }));
}

// R's `aml` data set (domain.md §7), weeks.
const maintained = times("9 13 13+ 18 23 28+ 31 34 45+ 48 161+");
const nonmaintained = times("5 5 8 8 12 16+ 23 27 30 33 43 45");
const aml = [...maintained, ...nonmaintained];

function expectClose(actual: number | null, expected: number) {
  expect(actual).not.toBeNull();
  expect(actual as number).toBeCloseTo(expected, tolerance);
}

describe("Kaplan–Meier on R's aml (domain.md §7 check values)", () => {
  /*
   * > fit <- survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log")
   * > s <- summary(fit, times = c(5, 27, 30))
   * > cbind(s$time, s$surv, s$std.err / s$surv, s$lower, s$upper, s$n.risk)
   * [1,]    5 0.9130435 0.06434895 0.6949475 0.9775157   23
   * [2,]   27 0.4968944 0.21815858 0.2755656 0.6842138   11
   * [3,]   30 0.4416839 0.24795576 0.2273812 0.6370927    9
   * > fit      n events median 0.95LCL 0.95UCL
   *       [1,] 23     18     27      13      34
   */
  const fit = kaplanMeier(aml);

  it("gives S(5), se(log S) and the log-log interval of the rulebook", () => {
    const at5 = survivalAt(fit, 5);
    expectClose(at5?.survival ?? null, 0.9130435);
    expectClose(at5?.seLogSurvival ?? null, 0.06434895);
    expectClose(at5?.lower ?? null, 0.6949475);
    expectClose(at5?.upper ?? null, 0.9775157);
    expect(at5?.nRisk).toBe(23);
  });

  it("reads the step function between event times", () => {
    const at27 = survivalAt(fit, 27);
    expectClose(at27?.survival ?? null, 0.4968944);
    expectClose(at27?.seLogSurvival ?? null, 0.21815858);
    expectClose(at27?.lower ?? null, 0.2755656);
    expectClose(at27?.upper ?? null, 0.6842138);
    expect(at27?.nRisk).toBe(11);
    const at30 = survivalAt(fit, 30);
    expectClose(at30?.survival ?? null, 0.4416839);
    expectClose(at30?.lower ?? null, 0.2273812);
    expectClose(at30?.upper ?? null, 0.6370927);
    expect(at30?.nRisk).toBe(9);
    // 29 lies between the event times 27 and 30: S(29) = S(27).
    expect(survivalAt(fit, 29)?.survival).toBe(at27?.survival);
    expect(survivalAt(fit, 29)?.nRisk).toBe(9);
  });

  it("counts events and has R's curve rows", () => {
    expect(fit.n).toBe(23);
    expect(fit.events).toBe(18);
    /*
     * > format(fit$surv, digits = 10)
     *  0.91304347826 0.82608695652 0.78260869565 0.73913043478 0.69565217391 0.69565217391
     *  0.64596273292 0.54658385093 0.49689440994 0.49689440994 0.44168391994 0.38647342995
     *  0.33126293996 0.27605244997 0.22084195997 0.16563146998 0.08281573499 0.08281573499
     * > fit$lower[17]; fit$upper[17]   0.006955967  0.2867604
     */
    const expected = [
      0.91304347826, 0.82608695652, 0.78260869565, 0.73913043478, 0.69565217391, 0.69565217391, 0.64596273292,
      0.54658385093, 0.49689440994, 0.49689440994, 0.44168391994, 0.38647342995, 0.33126293996, 0.27605244997,
      0.22084195997, 0.16563146998, 0.08281573499, 0.08281573499,
    ];
    expect(fit.points.map((p) => p.time)).toEqual([5, 8, 9, 12, 13, 16, 18, 23, 27, 28, 30, 31, 33, 34, 43, 45, 48, 161]);
    fit.points.forEach((p, i) => expect(p.survival).toBeCloseTo(expected[i], 9));
    /*
     * > rbind(fit$n.risk, fit$n.event, fit$n.censor)
     *  23 21 19 18 17 15 14 13 11 10 9 8 7 6 5 4 2 1
     *   2  2  1  1  1  0  1  2  1  0 1 1 1 1 1 1 1 0
     *   0  0  0  0  1  1  0  0  0  1 0 0 0 0 0 1 0 1
     */
    expect(fit.points.map((p) => p.nRisk)).toEqual([23, 21, 19, 18, 17, 15, 14, 13, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1]);
    expect(fit.points.map((p) => p.nEvent)).toEqual([2, 2, 1, 1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(fit.points.map((p) => p.nCensor)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
    expectClose(fit.points[16].lower, 0.006955967);
    expectClose(fit.points[16].upper, 0.2867604);
  });

  it("gives the median 27 with its interval 13–34", () => {
    expect(medianSurvival(fit)).toEqual({ median: 27, lower: 13, upper: 34 });
  });

  it("is undefined after the last follow-up, as R's summary leaves such times out", () => {
    expect(survivalAt(fit, 161)?.survival).toBeCloseTo(0.08281573499, 9);
    expect(survivalAt(fit, 162)).toBeNull();
    expect(numberAtRisk(fit, [0, 5, 6, 161, 162])).toEqual([23, 23, 21, 1, 0]);
  });
});

describe("further cases computed with R", () => {
  it("handles an event and a censoring at the same time (events first), and S reaching 0", () => {
    /*
     * > f <- survfit(Surv(c(1,2,2,3,4,4,5), c(0,1,0,1,1,1,1)) ~ 1, conf.type = "log-log")
     *   time n.risk n.event n.censor         surv      std.err          lower        upper
     * 1    1      7       0        1 1.0000000000 0.0000000000             NA           NA
     * 2    2      6       1        1 0.8333333333 0.1825741858 0.273122849928 0.9747124267
     * 3    3      4       1        0 0.6250000000 0.3415650255 0.141853389932 0.8930506045
     * 4    4      3       2        0 0.2083333333 0.8850612032 0.008737474149 0.5950618490
     * 5    5      1       1        0 0.0000000000          Inf             NA           NA
     * > f      n events median 0.95LCL 0.95UCL
     *     [1,] 7      5      4       2      NA
     */
    const fit = kaplanMeier(times("1+ 2 2+ 3 4 4 5"));
    expect(fit.points.map(({ time, nRisk, nEvent, nCensor }) => [time, nRisk, nEvent, nCensor])).toEqual([
      [1, 7, 0, 1],
      [2, 6, 1, 1],
      [3, 4, 1, 0],
      [4, 3, 2, 0],
      [5, 1, 1, 0],
    ]);
    const expected = [
      [1, 0, null, null],
      [0.8333333333, 0.1825741858, 0.273122849928, 0.9747124267],
      [0.625, 0.3415650255, 0.141853389932, 0.8930506045],
      [0.2083333333, 0.8850612032, 0.008737474149, 0.595061849],
    ] as const;
    expected.forEach(([s, se, lower, upper], i) => {
      const p = fit.points[i];
      expectClose(p.survival, s);
      expectClose(p.seLogSurvival, se);
      if (lower === null) expect([p.lower, p.upper]).toEqual([null, null]);
      else {
        expectClose(p.lower, lower);
        expectClose(p.upper, upper);
      }
    });
    expect(fit.points[4]).toMatchObject({ survival: 0, seLogSurvival: null, lower: null, upper: null });
    expect(medianSurvival(fit)).toEqual({ median: 4, lower: 2, upper: null });
  });

  it("has no events, no median and no interval when everyone is censored", () => {
    /*
     * > f <- survfit(Surv(c(30,60,60,90), c(0,0,0,0)) ~ 1, conf.type = "log-log")
     *   time n.risk n.event n.censor surv std.err lower upper
     * 1   30      4       0        1    1       0    NA    NA
     * 2   60      3       0        2    1       0    NA    NA
     * 3   90      1       0        1    1       0    NA    NA
     * > f      n events median 0.95LCL 0.95UCL
     *     [1,] 4      0     NA      NA      NA
     */
    const fit = kaplanMeier(times("30+ 60+ 60+ 90+"));
    expect(fit.events).toBe(0);
    expect(fit.points).toEqual([
      { time: 30, nRisk: 4, nEvent: 0, nCensor: 1, survival: 1, seLogSurvival: 0, lower: null, upper: null },
      { time: 60, nRisk: 3, nEvent: 0, nCensor: 2, survival: 1, seLogSurvival: 0, lower: null, upper: null },
      { time: 90, nRisk: 1, nEvent: 0, nCensor: 1, survival: 1, seLogSurvival: 0, lower: null, upper: null },
    ]);
    expect(medianSurvival(fit)).toEqual({ median: null, lower: null, upper: null });
  });

  it("takes the midpoint where S sits at exactly 0.5 (R print.survfit), in a group that reaches 0", () => {
    /*
     * > f <- survfit(Surv(c(10,20,30,40), c(1,1,1,1)) ~ 1, conf.type = "log-log")
     *   time n.risk n.event n.censor surv      std.err          lower        upper
     * 1   10      4       1        0 0.75 0.2886751346 0.127946917595 0.9605486423
     * 2   20      3       1        0 0.50 0.5000000000 0.057847082995 0.8448612812
     * 3   30      2       1        0 0.25 0.8660254038 0.008947824417 0.6653253428
     * 4   40      1       1        0 0.00          Inf             NA           NA
     * > f      n events median 0.95LCL 0.95UCL
     *     [1,] 4      4     25      10      NA
     */
    const fit = kaplanMeier(times("10 20 30 40"));
    expectClose(fit.points[1].seLogSurvival, 0.5);
    expectClose(fit.points[1].lower, 0.057847082995);
    expectClose(fit.points[1].upper, 0.8448612812);
    expectClose(fit.points[2].lower, 0.008947824417);
    expectClose(fit.points[2].upper, 0.6653253428);
    expect(fit.points[3]).toMatchObject({ survival: 0, seLogSurvival: null, lower: null, upper: null });
    expect(medianSurvival(fit)).toEqual({ median: 25, lower: 10, upper: null });
    expect(survivalAt(fit, 45)).toBeNull();
  });

  it("reads S(6 months), S(12 months) and the number at risk in days (months = days / 30.4375)", () => {
    /*
     * > tt <- c(50, 120, 183, 200, 200, 250, 365, 370, 400, 500, 560)
     * > ss <- c(1,   0,   1,   1,   0,   1,   0,   1,   0,   1,   0)
     * > f <- survfit(Surv(tt, ss) ~ 1, conf.type = "log-log")
     * > s <- summary(f, times = c(0,3,6,9,12,18) * 30.4375, extend = TRUE)
     *       time n.risk           surv              se           lower          upper
     * 1   0.0000     11 1.000000000000 0.0000000000000 1.0000000000000 1.000000000000
     * 2  91.3125     10 0.909090909091 0.0953462589246 0.5080802057699 0.986673822668
     * 3 182.6250      9 0.909090909091 0.0953462589246 0.5080802057699 0.986673822668
     * 4 273.9375      5 0.589225589226 0.2723422004947 0.2343294663010 0.824632107799
     * 5 365.2500      4 0.589225589226 0.2723422004947 0.2343294663010 0.824632107799
     * 6 547.8750      1 0.220959595960 0.8108659614903 0.0132220640946 0.590415853066
     * > f      n events median 0.95LCL 0.95UCL
     *     [1,] 11      6    370     183      NA
     * (R's summary prints 1–1 before the first observed time but NA on its own S = 1 rows; the
     * rulebook says the interval is undefined where S is 1, so S(0) carries no interval here.)
     */
    const summary = summariseSurvival(times("50 120+ 183 200 200+ 250 365+ 370 400+ 500 560+"));
    expect(summary.atRisk).toEqual([
      { months: 0, nRisk: 11 },
      { months: 3, nRisk: 10 },
      { months: 6, nRisk: 9 },
      { months: 9, nRisk: 5 },
      { months: 12, nRisk: 4 },
      { months: 18, nRisk: 1 },
    ]);
    expect(summary.sixMonths?.time).toBe(182.625);
    expectClose(summary.sixMonths?.survival ?? null, 0.909090909091);
    expectClose(summary.sixMonths?.seLogSurvival ?? null, 0.0953462589246);
    expectClose(summary.sixMonths?.lower ?? null, 0.5080802057699);
    expectClose(summary.sixMonths?.upper ?? null, 0.986673822668);
    expectClose(summary.twelveMonths?.survival ?? null, 0.589225589226);
    expectClose(summary.twelveMonths?.seLogSurvival ?? null, 0.2723422004947);
    expectClose(summary.twelveMonths?.lower ?? null, 0.234329466301);
    expectClose(summary.twelveMonths?.upper ?? null, 0.824632107799);
    const at18 = survivalAt(kaplanMeier(times("50 120+ 183 200 200+ 250 365+ 370 400+ 500 560+")), monthsToDays(18));
    expectClose(at18?.survival ?? null, 0.22095959596);
    expectClose(at18?.lower ?? null, 0.0132220640946);
    expectClose(at18?.upper ?? null, 0.590415853066);
    expect(summary.median).toEqual({ median: 370, lower: 183, upper: null });
    expect(summariseSurvival([]).sixMonths).toBeNull();
    expect(survivalAt(kaplanMeier(times("50 120+")), 0)).toEqual({ time: 0, survival: 1, seLogSurvival: 0, lower: null, upper: null, nRisk: 2 });
  });

  it("returns no interval where S is 0 or 1 and the formula elsewhere", () => {
    expect(logLogInterval(1, 0)).toEqual({ lower: null, upper: null });
    expect(logLogInterval(0, null)).toEqual({ lower: null, upper: null });
    expect(logLogInterval(0.5, 0)).toEqual({ lower: 0.5, upper: 0.5 });
  });
});

describe("log-rank test (R survdiff, rho = 0)", () => {
  it("matches the rulebook's aml check values", () => {
    /*
     * > sd <- survdiff(Surv(time, status) ~ x, data = aml)
     * x=Maintained    11        7    10.69  ...   x=Nonmaintained 12       11     7.31
     * > sd$var  4.007550746 -4.007550746 / -4.007550746 4.007550746
     * > sd$chisq  3.396388699   > pchisq(sd$chisq, 1, lower.tail = FALSE)  0.06533932204
     */
    const test = logRankTest([
      { key: "maintained", observations: maintained },
      { key: "nonmaintained", observations: nonmaintained },
    ]);
    expect(test.groups.map((g) => [g.key, g.n, g.observed])).toEqual([
      ["maintained", 11, 7],
      ["nonmaintained", 12, 11],
    ]);
    expect(test.groups[0].expected + test.groups[1].expected).toBeCloseTo(18, 9);
    expectClose(test.variance[0][0], 4.007550746);
    expectClose(test.variance[0][1], -4.007550746);
    expectClose(test.chiSquare, 3.396389);
    expect(test.degreesOfFreedom).toBe(1);
    expectClose(test.p, 0.06533932);
  });

  it("tests three groups on 2 degrees of freedom, skipping the event time with one at risk", () => {
    /*
     * > time <- c(3,5,7,7,12,15,  2,4,4,9,11,20,  40,60,60,80,100,130)
     * > status <- c(1,0,1,1,0,1,  1,1,0,1,0,1,  0,1,1,0,1,1)
     * > grp <- rep(c("idp","host","returnee"), each = 6)
     * > d <- survdiff(Surv(time, status) ~ grp)
     * > d$obs  4 4 4          (groups in R's order: host, idp, returnee)
     * > d$exp  1.94207385752 1.92097730701 8.13694883548
     * > d$var
     *  1.400293302982 -0.507962881137 -0.892330421845
     * -0.507962881137  1.314107549602 -0.806144668464
     * -0.892330421845 -0.806144668464  1.698475090309
     * > d$chisq  10.090624302    > pchisq(d$chisq, 2, lower.tail = FALSE)  0.00643944996929
     * (At t = 130 only one returnee is at risk: n_j = 1 adds to O and E but not to V.)
     */
    const test = logRankTest([
      { key: "host", observations: times("2 4 4+ 9 11+ 20") },
      { key: "idp", observations: times("3 5+ 7 7 12+ 15") },
      { key: "returnee", observations: times("40+ 60 60 80+ 100 130") },
    ]);
    expect(test.groups.map((g) => g.observed)).toEqual([4, 4, 4]);
    [1.94207385752, 1.92097730701, 8.13694883548].forEach((e, i) => expectClose(test.groups[i].expected, e));
    const variance = [
      [1.400293302982, -0.507962881137, -0.892330421845],
      [-0.507962881137, 1.314107549602, -0.806144668464],
      [-0.892330421845, -0.806144668464, 1.698475090309],
    ];
    variance.forEach((row, a) => row.forEach((v, b) => expectClose(test.variance[a][b], v)));
    expectClose(test.chiSquare, 10.090624302);
    expect(test.degreesOfFreedom).toBe(2);
    expectClose(test.p, 0.00643944996929);
    // The statistic does not depend on which group is left out of V⁻¹.
    const reordered = logRankTest([
      { key: "returnee", observations: times("40+ 60 60 80+ 100 130") },
      { key: "host", observations: times("2 4 4+ 9 11+ 20") },
      { key: "idp", observations: times("3 5+ 7 7 12+ 15") },
    ]);
    expectClose(reordered.chiSquare, 10.090624302);
  });

  it("leaves out a group with no expected events, as R does", () => {
    /*
     * > time <- c(1,1, 5,6,8, 4,9,9);  status <- c(0,0, 1,1,0, 1,1,0)
     * > grp <- c("a","a","b","b","b","c","c","c")
     * > d <- survdiff(Surv(time, status) ~ grp)
     * > d$exp  0.0 1.6 2.4    > d$var[2:3, 2:3]  0.74 -0.74 / -0.74 0.74
     * Chisq= 0.216216216216 on 1 degrees of freedom, p= 0.641938220405
     */
    const test = logRankTest([
      { key: "a", observations: times("1+ 1+") },
      { key: "b", observations: times("5 6 8+") },
      { key: "c", observations: times("4 9 9+") },
    ]);
    expect(test.groups.map((g) => g.expected)).toEqual([0, 1.6, 2.4].map((e) => expect.closeTo(e, 12)));
    expectClose(test.variance[1][1], 0.74);
    expect(test.degreesOfFreedom).toBe(1);
    expectClose(test.chiSquare, 0.216216216216);
    expectClose(test.p, 0.641938220405);
  });

  it("has nothing to test with a single group", () => {
    const test = logRankTest([{ key: "all", observations: aml }]);
    expect([test.chiSquare, test.degreesOfFreedom, test.p]).toEqual([0, 0, null]);
  });
});

describe("χ² upper tail (R pchisq(x, df, lower.tail = FALSE))", () => {
  it.each([
    // > pchisq(c(3.396388699, 0.5, 10.090624302, 25, 3, 100, 0.01), c(1, 1, 2, 3, 10, 50, 4), lower.tail = FALSE)
    // [1] 6.53393220396e-02 4.79500122187e-01 6.43944996935e-03 1.54404982911e-05
    // [5] 9.81424063778e-01 3.45493138298e-05 9.99987541589e-01
    [3.396388699, 1, 6.53393220396e-2],
    [0.5, 1, 4.79500122187e-1],
    [10.090624302, 2, 6.43944996935e-3],
    [25, 3, 1.54404982911e-5],
    [3, 10, 9.81424063778e-1],
    [100, 50, 3.45493138298e-5],
    [0.01, 4, 9.99987541589e-1],
  ])("Q(χ² = %d, df = %d) = %d", (x, df, p) => {
    expect(chiSquareUpperTail(x, df)).toBeCloseTo(p, 11);
  });

  it("knows Γ and the edges", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(regularizedUpperGamma(2, 0)).toBe(1);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(() => regularizedUpperGamma(0, 1)).toThrow(RangeError);
  });
});

describe("survival times from visits (domain.md §7)", () => {
  it("dates a closure by the owner's report, else by the visit", () => {
    expect(
      survivalTimeFromVisits("2024-01-01", [
        { date: "2024-02-01", status: "operating" },
        { date: "2024-07-01", status: "closed", closureDate: "2024-05-31" },
      ]),
    ).toEqual({ time: 151, closed: true });
    expect(survivalTimeFromVisits("2024-01-01", [{ date: "2024-03-01", status: "closed" }])).toEqual({ time: 60, closed: true });
  });

  it("censors at the last visit, and an unreachable business at its last successful contact", () => {
    expect(
      survivalTimeFromVisits("2024-01-01", [
        { date: "2024-04-01", status: "suspended" },
        { date: "2024-02-01", status: "operating" },
      ]),
    ).toEqual({ time: 91, closed: false });
    expect(
      survivalTimeFromVisits("2024-01-01", [
        { date: "2024-02-01", status: "operating" },
        { date: "2024-08-01", status: "unreachable" },
      ]),
    ).toEqual({ time: 31, closed: false });
    expect(survivalTimeFromVisits("2024-01-01", [{ date: "2024-08-01", status: "unreachable" }])).toEqual({ time: 0, closed: false });
    expect(survivalTimeFromVisits("2024-01-01", [])).toEqual({ time: 0, closed: false });
  });
});

describe("naive share operating at last visit", () => {
  it("divides by the businesses visited, leaving out those not yet visited", () => {
    expect(naiveOperatingShare(["operating", "suspended", "closed", "unreachable", "operating", null])).toEqual({
      operating: 2,
      visited: 5,
      share: 0.4,
    });
    expect(naiveOperatingShare([null])).toEqual({ operating: 0, visited: 0, share: null });
  });
});
