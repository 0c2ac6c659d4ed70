//! Evaluation (评估) of staffing use: indicator systems as data (themes, dimensions, items,
//! points, methods, vetoes, grade bands), the scoring arithmetic of each method, grades and
//! ranks. Points are kept in tenths (0.5 points = 5) so that sums are exact.

use serde::{Deserialize, Serialize};

/// Where an automatic item takes its figure from (the registry and the ledger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AutoSource {
    /// Rectification items past their deadline and not done (cases).
    OverdueRectifications,
    /// Post types over quota, people on turnover posts counted (cases).
    OverQuota,
    /// Vacant posts as a percentage of approved ones.
    VacancyRate,
    /// Turnover issues past their due date with posts still out (cases).
    OverdueTurnover,
    /// Leadership positions held beyond those approved (cases).
    Leadership,
    /// Share of people under 35, in percent.
    AgeUnder35,
    /// Share of people with a university degree or more, in percent.
    DegreeShare,
    /// Share of the people in internal divisions who are in 业务 divisions, in percent
    /// (无数据 without confirmed divisions).
    FrontLineShare,
    /// Internal divisions under half the unit's average headcount (cases; 无数据 without
    /// confirmed divisions).
    SmallDivisions,
    /// Findings of the latest payroll and personnel 核查 not cleared (cases; 无数据 before
    /// any such round).
    PayrollFindings,
}

impl AutoSource {
    pub const ALL: [AutoSource; 10] = [
        AutoSource::OverdueRectifications,
        AutoSource::OverQuota,
        AutoSource::VacancyRate,
        AutoSource::OverdueTurnover,
        AutoSource::Leadership,
        AutoSource::AgeUnder35,
        AutoSource::DegreeShare,
        AutoSource::FrontLineShare,
        AutoSource::SmallDivisions,
        AutoSource::PayrollFindings,
    ];
    pub fn code(self) -> &'static str {
        match self {
            AutoSource::OverdueRectifications => "overdue_rectifications",
            AutoSource::OverQuota => "over_quota",
            AutoSource::VacancyRate => "vacancy_rate",
            AutoSource::OverdueTurnover => "overdue_turnover",
            AutoSource::Leadership => "leadership",
            AutoSource::AgeUnder35 => "age_under_35",
            AutoSource::DegreeShare => "degree_share",
            AutoSource::FrontLineShare => "front_line_share",
            AutoSource::SmallDivisions => "small_divisions",
            AutoSource::PayrollFindings => "payroll_findings",
        }
    }
    pub fn from_code(code: &str) -> Option<AutoSource> {
        AutoSource::ALL
            .into_iter()
            .find(|a| a.code() == code || a.label() == code)
    }

    /// The source in the clerk's words (the indicator-system editor).
    pub fn label(self) -> &'static str {
        match self {
            AutoSource::OverdueRectifications => "逾期未整改",
            AutoSource::OverQuota => "超编",
            AutoSource::VacancyRate => "空编率",
            AutoSource::OverdueTurnover => "周转编制逾期",
            AutoSource::Leadership => "超职数",
            AutoSource::AgeUnder35 => "35岁以下占比",
            AutoSource::DegreeShare => "本科以上占比",
            AutoSource::FrontLineShare => "一线业务科室人员占比",
            AutoSource::SmallDivisions => "人数不足平均数一半的内设机构",
            AutoSource::PayrollFindings => "核查未销号问题",
        }
    }
}

/// How an item is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// Points entered by hand, 0..max.
    Manual,
    /// Points off per case (tenths), floor 0.
    Deduct { per_case: i64 },
    /// Full marks at the target or better; `per_step` tenths off per `step` short of it.
    Threshold {
        target: i64,
        step: i64,
        per_step: i64,
        higher_is_better: bool,
    },
}

/// One item of an indicator system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub theme: String,
    pub dimension: String,
    pub name: String,
    /// Maximum points, in tenths.
    pub max: i64,
    pub method: Method,
    pub auto: Option<AutoSource>,
}

/// A grade band: the grade for totals at or above `min` (tenths).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBand {
    pub grade: String,
    pub min: i64,
}

/// An indicator system (指标体系): items, vetoes and grade bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSystem {
    pub name: String,
    pub items: Vec<Item>,
    /// 一票否决 items: any one caps the grade at the lowest band.
    pub vetoes: Vec<String>,
    /// Highest first.
    pub grades: Vec<GradeBand>,
}

/// Tenths of a point from text like `4`, `0.5`, `2.5`.
pub fn parse_points(text: &str) -> Option<i64> {
    let t = text.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.len() > 1 || whole.is_empty() && frac.is_empty() {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    if whole < 0 {
        return None;
    }
    Some(whole * 10 + frac)
}

/// Points as clerks write them: `4`, `3.5`.
pub fn points_label(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// Reads a method cell, as the shipped file writes it (`manual`, `deduct 0.5`,
/// `threshold 70 5 1 高`, optionally followed by `auto:<source>`) or in the editor's words
/// ([`method_words`]: `手工打分`, `每起扣分 0.5`, `达标计分 70 5 1 高`, `自动:超编`).
pub fn parse_method(text: &str) -> Result<(Method, Option<AutoSource>), String> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut auto = None;
    let auto_prefix = |w: &str| {
        ["auto:", "自动:", "自动："]
            .into_iter()
            .find_map(|p| w.strip_prefix(p).map(str::to_string))
    };
    if let Some(pos) = words.iter().position(|w| auto_prefix(w).is_some()) {
        let code = auto_prefix(words[pos]).unwrap_or_default();
        auto =
            Some(AutoSource::from_code(&code).ok_or_else(|| format!("自动来源“{code}”无法识别"))?);
        words.remove(pos);
    }
    let method = match words.as_slice() {
        ["manual" | "手工打分"] => Method::Manual,
        ["deduct" | "每起扣分", n] => Method::Deduct {
            per_case: parse_points(n).ok_or_else(|| format!("扣分“{n}”不是数"))?,
        },
        ["threshold" | "达标计分", target, step, per_step, dir] => Method::Threshold {
            target: target
                .parse()
                .map_err(|_| format!("目标“{target}”不是整数"))?,
            step: step
                .parse::<i64>()
                .ok()
                .filter(|s| *s > 0)
                .ok_or_else(|| format!("步长“{step}”应为正整数"))?,
            per_step: parse_points(per_step)
                .ok_or_else(|| format!("每步扣分“{per_step}”不是数"))?,
            higher_is_better: match *dir {
                "高" => true,
                "低" => false,
                other => return Err(format!("“{other}”应为“高”或“低”")),
            },
        },
        _ => return Err(format!("方法“{}”无法识别", text.trim())),
    };
    Ok((method, auto))
}

/// The words a method cell is written in (both read back by [`parse_method`]).
struct Words {
    manual: &'static str,
    deduct: &'static str,
    threshold: &'static str,
    auto: &'static str,
    source: fn(AutoSource) -> &'static str,
}

/// The shipped file's words: `manual`, `deduct 0.5`, `threshold 70 5 1 高`, `auto:over_quota`.
const FILE_WORDS: Words = Words {
    manual: "manual",
    deduct: "deduct",
    threshold: "threshold",
    auto: "auto:",
    source: AutoSource::code,
};

/// The editor's words: `手工打分`, `每起扣分 0.5`, `达标计分 70 5 1 高`, `自动:超编`.
const EDITOR_WORDS: Words = Words {
    manual: "手工打分",
    deduct: "每起扣分",
    threshold: "达标计分",
    auto: "自动:",
    source: AutoSource::label,
};

fn written(method: Method, auto: Option<AutoSource>, w: &Words) -> String {
    let m = match method {
        Method::Manual => w.manual.to_string(),
        Method::Deduct { per_case } => format!("{} {}", w.deduct, points_label(per_case)),
        Method::Threshold {
            target,
            step,
            per_step,
            higher_is_better,
        } => format!(
            "{} {target} {step} {} {}",
            w.threshold,
            points_label(per_step),
            if higher_is_better { "高" } else { "低" }
        ),
    };
    match auto {
        Some(a) => format!("{m} {}{}", w.auto, (w.source)(a)),
        None => m,
    }
}

/// The method as written in the system's table (the inverse of [`parse_method`]).
pub fn method_text(method: Method, auto: Option<AutoSource>) -> String {
    written(method, auto, &FILE_WORDS)
}

/// The method in the editor's words (read back by [`parse_method`]).
pub fn method_words(method: Method, auto: Option<AutoSource>) -> String {
    written(method, auto, &EDITOR_WORDS)
}

/// Human words for a method, for the scoring form.
pub fn method_label(method: Method) -> String {
    match method {
        Method::Manual => "手工打分".to_string(),
        Method::Deduct { per_case } => format!("每起扣 {} 分", points_label(per_case)),
        Method::Threshold {
            target,
            step,
            per_step,
            higher_is_better,
        } => format!(
            "{}{target} 得满分，每{}{step} 扣 {} 分",
            if higher_is_better {
                "达到 "
            } else {
                "不超过 "
            },
            if higher_is_better { "低" } else { "高" },
            points_label(per_step)
        ),
    }
}

/// Parses an indicator system written as the shipped Markdown: the item table (主题, 维度,
/// 指标, 分值, 方法), the veto list and the grade table.
pub fn parse_system(name: &str, markdown: &str) -> Result<IndicatorSystem, String> {
    let mut items = Vec::new();
    let mut vetoes = Vec::new();
    let mut grades = Vec::new();
    let mut section = "";
    for (n, line) in markdown.lines().enumerate() {
        let line = line.trim();
        if let Some(h) = line.strip_prefix("## ") {
            section = if h.contains("否决") {
                "veto"
            } else if h.contains("等次") {
                "grades"
            } else {
                ""
            };
            continue;
        }
        if section == "veto" {
            if let Some(v) = line.strip_prefix("- ") {
                vetoes.push(v.trim().to_string());
            }
            continue;
        }
        if !line.starts_with('|') || line.starts_with("|---") || line.contains("---|") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        match (section, cells.as_slice()) {
            ("grades", [grade, min]) if *grade != "等次" => grades.push(GradeBand {
                grade: grade.to_string(),
                min: parse_points(min)
                    .ok_or_else(|| format!("第 {} 行：最低分“{min}”不是数", n + 1))?,
            }),
            ("", [theme, dimension, item, max, method]) if *theme != "主题" => {
                let (method, auto) =
                    parse_method(method).map_err(|e| format!("第 {} 行：{e}", n + 1))?;
                items.push(Item {
                    theme: theme.to_string(),
                    dimension: dimension.to_string(),
                    name: item.to_string(),
                    max: parse_points(max)
                        .ok_or_else(|| format!("第 {} 行：分值“{max}”不是数", n + 1))?,
                    method,
                    auto,
                });
            }
            _ => {}
        }
    }
    if items.is_empty() {
        return Err("没有找到指标表（主题 | 维度 | 指标 | 分值 | 方法）".to_string());
    }
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    if grades.is_empty() {
        grades = vec![GradeBand {
            grade: "合格".into(),
            min: 0,
        }];
    }
    Ok(IndicatorSystem {
        name: name.to_string(),
        items,
        vetoes,
        grades,
    })
}

/// The default system shipped in `assets/indicators/default.md`.
pub fn default_system() -> IndicatorSystem {
    parse_system(
        "默认指标体系",
        include_str!("../../assets/indicators/default.md"),
    )
    .unwrap_or_else(|e| panic!("assets/indicators/default.md: {e}"))
}

/// The items an indicator system computes from internal divisions (内设机构) since they are
/// kept, by their names in the default system.
pub const DIVISION_ITEMS: [(&str, AutoSource); 2] = [
    ("一线业务科室人员占比", AutoSource::FrontLineShare),
    ("无人数不足平均数一半的内设机构", AutoSource::SmallDivisions),
];

/// The item an indicator system computes from 核查 (reconciliation) since it is kept.
pub const RECONCILIATION_ITEMS: [(&str, AutoSource); 1] =
    [("实名制信息与工资发放数据一致", AutoSource::PayrollFindings)];

/// A new version of `system` whose division items (by name, with no source yet) compute
/// from the internal divisions; `None` when there is nothing to add.
pub fn with_division_sources(system: &IndicatorSystem) -> Option<IndicatorSystem> {
    with_auto_sources(system, &DIVISION_ITEMS)
}

/// A new version of `system` whose items named in `items` (with no source yet) gain their
/// source; `None` when there is nothing to add.
pub fn with_auto_sources(
    system: &IndicatorSystem,
    items: &[(&str, AutoSource)],
) -> Option<IndicatorSystem> {
    let mut s = system.clone();
    let mut changed = false;
    for it in &mut s.items {
        if let Some((_, source)) = items.iter().find(|(n, _)| *n == it.name)
            && it.auto.is_none()
        {
            it.auto = Some(*source);
            changed = true;
        }
    }
    changed.then_some(s)
}

/// What is entered for an item: a score (manual), a number of cases (deduct) or a value
/// (threshold).
pub fn score_item(item: &Item, input: i64) -> i64 {
    let score = match item.method {
        Method::Manual => input,
        Method::Deduct { per_case } => item.max - input.max(0) * per_case,
        Method::Threshold {
            target,
            step,
            per_step,
            higher_is_better,
        } => {
            let short = if higher_is_better {
                target - input
            } else {
                input - target
            };
            if short <= 0 {
                item.max
            } else {
                let steps = (short + step - 1) / step.max(1);
                item.max - steps * per_step
            }
        }
    };
    score.clamp(0, item.max)
}

/// The grade of a total: the first band it reaches; a veto caps it at the lowest band.
pub fn grade(system: &IndicatorSystem, total: i64, vetoed: bool) -> String {
    let lowest = system
        .grades
        .last()
        .map(|g| g.grade.clone())
        .unwrap_or_default();
    if vetoed {
        return lowest;
    }
    system
        .grades
        .iter()
        .find(|g| total >= g.min)
        .map_or(lowest, |g| g.grade.clone())
}

/// Ranks totals, highest first; equal totals share a rank (1, 2, 2, 4).
pub fn ranks(totals: &[i64]) -> Vec<usize> {
    totals
        .iter()
        .map(|t| 1 + totals.iter().filter(|o| *o > t).count())
        .collect()
}

impl IndicatorSystem {
    /// The sum of the items' maximum points (tenths).
    pub fn max_total(&self) -> i64 {
        self.items.iter().map(|i| i.max).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(max: i64, method: Method) -> Item {
        Item {
            theme: "t".into(),
            dimension: "d".into(),
            name: "i".into(),
            max,
            method,
            auto: None,
        }
    }

    #[test]
    fn the_default_system_has_100_points_and_its_autos() {
        let s = default_system();
        assert_eq!(s.max_total(), 1000);
        assert_eq!(s.items.len(), 23);
        assert_eq!(s.vetoes.len(), 3);
        assert_eq!(s.grades[0].grade, "优秀");
        assert_eq!(s.items.iter().filter(|i| i.auto.is_some()).count(), 10);
        assert_eq!(
            with_division_sources(&s),
            None,
            "already computes from divisions"
        );
        assert_eq!(
            with_auto_sources(&s, &RECONCILIATION_ITEMS),
            None,
            "already computes from 核查"
        );
        for i in &s.items {
            let text = method_text(i.method, i.auto);
            assert_eq!(parse_method(&text).unwrap(), (i.method, i.auto), "{text}");
        }
    }

    #[test]
    fn an_older_system_gains_the_division_sources_in_a_new_version() {
        let mut old = default_system();
        for it in &mut old.items {
            if matches!(
                it.auto,
                Some(AutoSource::FrontLineShare | AutoSource::SmallDivisions)
            ) {
                it.auto = None;
            }
        }
        let new = with_division_sources(&old).expect("two items gain a source");
        let sources: Vec<_> = new
            .items
            .iter()
            .filter(|i| i.name.contains("内设机构") || i.name.contains("一线业务"))
            .map(|i| i.auto)
            .collect();
        assert_eq!(
            sources,
            [
                Some(AutoSource::FrontLineShare),
                Some(AutoSource::SmallDivisions)
            ]
        );
        assert_eq!(new.items.len(), old.items.len());
        assert_eq!(new.max_total(), old.max_total());
    }

    #[test]
    fn each_method_scores() {
        assert_eq!(score_item(&item(100, Method::Manual), 75), 75);
        assert_eq!(score_item(&item(100, Method::Manual), 120), 100);
        let d = item(40, Method::Deduct { per_case: 5 });
        assert_eq!(score_item(&d, 0), 40);
        assert_eq!(score_item(&d, 3), 25);
        assert_eq!(score_item(&d, 20), 0, "floor 0");
        let hi = item(
            40,
            Method::Threshold {
                target: 70,
                step: 5,
                per_step: 10,
                higher_is_better: true,
            },
        );
        assert_eq!(score_item(&hi, 75), 40);
        assert_eq!(score_item(&hi, 70), 40);
        assert_eq!(score_item(&hi, 69), 30);
        assert_eq!(score_item(&hi, 60), 20);
        let lo = item(
            40,
            Method::Threshold {
                target: 10,
                step: 5,
                per_step: 10,
                higher_is_better: false,
            },
        );
        assert_eq!(score_item(&lo, 8), 40);
        assert_eq!(score_item(&lo, 16), 20);
        assert_eq!(score_item(&lo, 100), 0);
    }

    #[test]
    fn grades_vetoes_and_ranks() {
        let s = default_system();
        assert_eq!(grade(&s, 900, false), "优秀");
        assert_eq!(grade(&s, 899, false), "良好");
        assert_eq!(grade(&s, 600, false), "一般");
        assert_eq!(grade(&s, 599, false), "较差");
        assert_eq!(grade(&s, 950, true), "较差");
        assert_eq!(ranks(&[900, 850, 900, 700]), vec![1, 3, 1, 4]);
        assert_eq!(parse_points("0.5"), Some(5));
        assert_eq!(points_label(35), "3.5");
        assert!(parse_method("deduct x").is_err());
        assert!(parse_method("manual auto:nothing").is_err());
    }
}

#[cfg(test)]
mod method_words_tests {
    use super::*;

    #[test]
    fn the_editors_words_read_back_as_the_same_method() {
        let methods = [
            (Method::Manual, None),
            (Method::Deduct { per_case: 5 }, Some(AutoSource::OverQuota)),
            (
                Method::Threshold {
                    target: 70,
                    step: 5,
                    per_step: 10,
                    higher_is_better: false,
                },
                Some(AutoSource::DegreeShare),
            ),
        ];
        for (m, a) in methods {
            let words = method_words(m, a);
            assert!(
                !words.contains("manual") && !words.contains("auto"),
                "{words}"
            );
            assert_eq!(parse_method(&words), Ok((m, a)), "{words}");
            assert_eq!(parse_method(&method_text(m, a)), Ok((m, a)));
        }
        assert_eq!(
            method_words(Method::Deduct { per_case: 5 }, Some(AutoSource::OverQuota)),
            "每起扣分 0.5 自动:超编"
        );
    }
}
