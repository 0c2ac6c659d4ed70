//! Staffing applications (编制事项): kinds, states, the initial-review rules (初审) with the
//! numbers behind each, and the figure a staffing standard gives (调研论证).

use super::post::PostType;

/// What a unit asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationKind {
    /// 增加编制
    IncreasePosts,
    /// 新设机构
    NewBody,
    /// 调整职能
    ChangeFunctions,
    /// 增加领导职数
    MoreLeaders,
    /// 用编（使用空编进人）
    UsePosts,
    Other,
}

impl ApplicationKind {
    pub const ALL: [ApplicationKind; 6] = [
        ApplicationKind::IncreasePosts,
        ApplicationKind::NewBody,
        ApplicationKind::ChangeFunctions,
        ApplicationKind::MoreLeaders,
        ApplicationKind::UsePosts,
        ApplicationKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ApplicationKind::IncreasePosts => "increase_posts",
            ApplicationKind::NewBody => "new_body",
            ApplicationKind::ChangeFunctions => "change_functions",
            ApplicationKind::MoreLeaders => "more_leaders",
            ApplicationKind::UsePosts => "use_posts",
            ApplicationKind::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Option<ApplicationKind> {
        ApplicationKind::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            ApplicationKind::IncreasePosts => "增加编制",
            ApplicationKind::NewBody => "新设机构",
            ApplicationKind::ChangeFunctions => "调整职能",
            ApplicationKind::MoreLeaders => "增加领导职数",
            ApplicationKind::UsePosts => "用编进人",
            ApplicationKind::Other => "其他",
        }
    }
    /// Whether the request is for more posts (the vacancy rule applies).
    pub fn asks_for_posts(self) -> bool {
        self == ApplicationKind::IncreasePosts
    }
    /// Whether the request names a post type and a number.
    pub fn has_posts(self) -> bool {
        matches!(
            self,
            ApplicationKind::IncreasePosts | ApplicationKind::UsePosts
        )
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AppState {
    /// 待初审
    Received,
    /// 已受理
    Accepted,
    /// 不予受理
    NotAccepted,
    /// 调研中
    Researching,
    /// 待审议
    AwaitingDecision,
    /// 已请示 (beyond the county's authority)
    RequestedUp,
    /// 已批复
    Replied,
    /// 已办结
    Closed,
}

impl AppState {
    pub const ALL: [AppState; 8] = [
        AppState::Received,
        AppState::Accepted,
        AppState::NotAccepted,
        AppState::Researching,
        AppState::AwaitingDecision,
        AppState::RequestedUp,
        AppState::Replied,
        AppState::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            AppState::Received => "received",
            AppState::Accepted => "accepted",
            AppState::NotAccepted => "not_accepted",
            AppState::Researching => "researching",
            AppState::AwaitingDecision => "awaiting_decision",
            AppState::RequestedUp => "requested_up",
            AppState::Replied => "replied",
            AppState::Closed => "closed",
        }
    }
    pub fn from_code(code: &str) -> Option<AppState> {
        AppState::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            AppState::Received => "待初审",
            AppState::Accepted => "已受理",
            AppState::NotAccepted => "不予受理",
            AppState::Researching => "调研中",
            AppState::AwaitingDecision => "待审议",
            AppState::RequestedUp => "已请示",
            AppState::Replied => "已批复",
            AppState::Closed => "已办结",
        }
    }
}

/// The committee's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Partly,
    Refuse,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Approve, Decision::Partly, Decision::Refuse];
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Partly => "partly",
            Decision::Refuse => "refuse",
        }
    }
    pub fn from_code(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => "同意",
            Decision::Partly => "部分同意",
            Decision::Refuse => "不同意",
        }
    }
}

/// The vacancy threshold of the first rule unless the settings say otherwise.
pub const DEFAULT_VACANCY_THRESHOLD: i64 = 2;

/// The numbers the initial review looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFacts {
    pub kind: ApplicationKind,
    pub org: String,
    /// The unit's vacant posts (all types).
    pub vacancies: i64,
    /// People on the unit's posts beyond those approved (超编), summed over the types.
    pub excess: i64,
    pub vacancy_threshold: i64,
    /// The supervising department (the unit itself when it has none).
    pub supervisor: String,
    /// Open rectification items of the department or any unit it manages.
    pub open_rectifications: Vec<String>,
    /// Units the department manages (itself included) that are over quota.
    pub over_quota_units: Vec<String>,
    /// The new public service could be bought from the market (政府购买服务).
    pub market_available: bool,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Check {
    /// Stable code: `vacancies`, `supervisor_problems`, `market`.
    pub code: String,
    pub passed: bool,
    /// What was checked, with the numbers behind it.
    pub detail: String,
}

/// 初审: the automatic checks, each with the numbers behind it. A failed check means
/// 不予受理 unless the clerk records a reason to accept.
pub fn initial_review(f: &ReviewFacts) -> Vec<Check> {
    let mut out = Vec::new();
    let asks = f.kind.asks_for_posts();
    out.push(Check {
        code: "vacancies".into(),
        passed: !(asks && f.vacancies >= f.vacancy_threshold),
        detail: {
            // A unit over its quota says so: never "空编 0 名".
            let posts = match (f.vacancies, f.excess) {
                (v, 0) => format!("现有空编 {v} 名"),
                (0, x) => format!("超编 {x} 名"),
                (v, x) => format!("现有空编 {v} 名、超编 {x} 名"),
            };
            if asks {
                format!(
                    "{}{posts}（{} 名以上申请增编不予受理）",
                    f.org, f.vacancy_threshold
                )
            } else {
                format!("{}{posts}（本事项不申请增编）", f.org)
            }
        },
    });
    let problems = !f.open_rectifications.is_empty() || !f.over_quota_units.is_empty();
    let mut detail = format!("主管部门{}：", f.supervisor);
    if !problems {
        detail.push_str("无未整改的机构编制问题，所管单位无超编");
    } else {
        let mut parts = Vec::new();
        if !f.open_rectifications.is_empty() {
            parts.push(format!(
                "未整改事项 {} 项（{}）",
                f.open_rectifications.len(),
                f.open_rectifications.join("；")
            ));
        }
        if !f.over_quota_units.is_empty() {
            parts.push(format!("所管单位超编：{}", f.over_quota_units.join("、")));
        }
        detail.push_str(&parts.join("；"));
    }
    out.push(Check {
        code: "supervisor_problems".into(),
        passed: !problems,
        detail,
    });
    out.push(Check {
        code: "market".into(),
        passed: !f.market_available,
        detail: if f.market_available {
            "该公共服务可通过政府购买服务解决".to_string()
        } else {
            "该公共服务不宜通过政府购买服务解决".to_string()
        },
    });
    out
}

/// A staffing standard the county enters: posts per 10,000 people (in thousandths, so 1.5
/// per 10,000 is 1500), times the population served.
pub fn standard_by_population(population: i64, per_10k_milli: i64) -> i64 {
    (population.max(0) * per_10k_milli.max(0) + 5_000_000) / 10_000_000
}

/// The post type an application names, shown in messages.
pub fn posts_label(kind: ApplicationKind, post_type: Option<PostType>, count: i64) -> String {
    match (kind.has_posts(), post_type) {
        (true, Some(t)) => format!("{}{} 名", t.label(), count),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ReviewFacts {
        ReviewFacts {
            kind: ApplicationKind::IncreasePosts,
            org: "县教育局".into(),
            vacancies: 1,
            excess: 0,
            vacancy_threshold: 2,
            supervisor: "县教育局".into(),
            open_rectifications: vec![],
            over_quota_units: vec![],
            market_available: false,
        }
    }

    fn failed(f: &ReviewFacts) -> Vec<String> {
        initial_review(f)
            .into_iter()
            .filter(|c| !c.passed)
            .map(|c| c.code)
            .collect()
    }

    #[test]
    fn the_vacancy_rule_applies_at_its_threshold_to_requests_for_more_posts() {
        assert!(failed(&facts()).is_empty());
        let two = ReviewFacts {
            vacancies: 2,
            ..facts()
        };
        assert_eq!(failed(&two), vec!["vacancies"]);
        let three_threshold = ReviewFacts {
            vacancy_threshold: 3,
            ..two.clone()
        };
        assert!(failed(&three_threshold).is_empty());
        let use_posts = ReviewFacts {
            kind: ApplicationKind::UsePosts,
            ..two
        };
        assert!(failed(&use_posts).is_empty());
        assert!(initial_review(&facts())[0].detail.contains("空编 1 名"));
    }

    #[test]
    fn supervisor_problems_and_market_services_fail() {
        let rect = ReviewFacts {
            open_rectifications: vec!["超编未消化".into()],
            ..facts()
        };
        assert_eq!(failed(&rect), vec!["supervisor_problems"]);
        let over = ReviewFacts {
            over_quota_units: vec!["县妇女联合会".into()],
            ..facts()
        };
        assert!(initial_review(&over)[1].detail.contains("县妇女联合会"));
        let market = ReviewFacts {
            market_available: true,
            ..facts()
        };
        assert_eq!(failed(&market), vec!["market"]);
    }

    #[test]
    fn a_unit_over_its_quota_shows_the_excess_never_zero_vacancies() {
        let detail = |vacancies, excess| {
            initial_review(&ReviewFacts {
                vacancies,
                excess,
                ..facts()
            })[0]
                .detail
                .clone()
        };
        assert_eq!(
            detail(0, 2),
            "县教育局超编 2 名（2 名以上申请增编不予受理）"
        );
        assert_eq!(
            detail(3, 2),
            "县教育局现有空编 3 名、超编 2 名（2 名以上申请增编不予受理）"
        );
        assert_eq!(
            detail(1, 0),
            "县教育局现有空编 1 名（2 名以上申请增编不予受理）"
        );
    }

    #[test]
    fn population_standard() {
        // 1.5 posts per 10,000 people, 86,000 people: 12.9 → 13.
        assert_eq!(standard_by_population(86_000, 1500), 13);
        assert_eq!(standard_by_population(0, 1500), 0);
    }
}
