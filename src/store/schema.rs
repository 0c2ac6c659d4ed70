//! Versioned schema migrations. Append new migrations; never edit a landed one.

use rusqlite_migration::{M, Migrations};

/// Migration 1: units, pools, the ledger, people and their events.
const V1_CORE: &str = r#"
CREATE TABLE orgs (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    short_name     TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('党委工作部门','政府工作部门','群团机关','事业单位','乡镇街道','其他')),
    grade          TEXT,
    parent_id      INTEGER REFERENCES orgs(id),
    funding        TEXT CHECK (funding IS NULL OR funding IN ('全额拨款','差额拨款','自收自支')),
    township_class INTEGER CHECK (township_class IS NULL OR (township_class IN (1, 2) AND kind = '乡镇街道')),
    leaders_chief  INTEGER NOT NULL DEFAULT 0 CHECK (leaders_chief >= 0),
    leaders_deputy INTEGER NOT NULL DEFAULT 0 CHECK (leaders_deputy >= 0),
    credit_code    TEXT,
    created_at     TEXT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE pools (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    created_at TEXT NOT NULL
);

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    id_number   TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    gender      TEXT CHECK (gender IS NULL OR gender IN ('男','女')),
    ethnicity   TEXT,
    birth       TEXT,
    party       TEXT,
    education   TEXT,
    position    TEXT,
    joined_on   TEXT,
    join_doc    TEXT,
    status      TEXT NOT NULL CHECK (status IN ('在编','出编')),
    org_id      INTEGER REFERENCES orgs(id),
    post_type   TEXT CHECK (post_type IS NULL OR post_type IN ('admin','political_legal','inst_full','inst_partial','inst_self','service')),
    exit_reason TEXT CHECK (exit_reason IS NULL OR exit_reason IN ('退休','辞职','调出','死亡','辞退','其他')),
    updated_at  TEXT NOT NULL,
    CHECK ((status = '在编') = (org_id IS NOT NULL AND post_type IS NOT NULL)),
    CHECK ((status = '出编') = (exit_reason IS NOT NULL))
);
CREATE INDEX persons_on_post ON persons(org_id, post_type) WHERE status = '在编';

CREATE TABLE ledger_entries (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    doc_no      TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('approve','recover','reallocate','transfer_with_person','reduce','write_off','reversal')),
    reason      TEXT NOT NULL DEFAULT '',
    post_type   TEXT NOT NULL CHECK (post_type IN ('admin','political_legal','inst_full','inst_partial','inst_self','service')),
    count       INTEGER NOT NULL CHECK (count > 0),
    from_kind   TEXT NOT NULL CHECK (from_kind IN ('org','reserve','pool','above','written_off')),
    from_org    INTEGER REFERENCES orgs(id),
    from_pool   INTEGER REFERENCES pools(id),
    to_kind     TEXT NOT NULL CHECK (to_kind IN ('org','reserve','pool','above','written_off')),
    to_org      INTEGER REFERENCES orgs(id),
    to_pool     INTEGER REFERENCES pools(id),
    reverses    INTEGER UNIQUE REFERENCES ledger_entries(id),
    person_id   INTEGER REFERENCES persons(id),
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    CHECK ((from_kind = 'org') = (from_org IS NOT NULL)),
    CHECK ((from_kind = 'pool') = (from_pool IS NOT NULL)),
    CHECK ((to_kind = 'org') = (to_org IS NOT NULL)),
    CHECK ((to_kind = 'pool') = (to_pool IS NOT NULL)),
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
CREATE INDEX ledger_from_org ON ledger_entries(from_org, post_type);
CREATE INDEX ledger_to_org ON ledger_entries(to_org, post_type);
CREATE INDEX ledger_date ON ledger_entries(date);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, '台账记录不可修改，请用撤销记录更正'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, '台账记录不可删除，请用撤销记录更正'); END;

CREATE TABLE person_events (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    kind            TEXT NOT NULL CHECK (kind IN ('hire','exit','transfer','transfer_with_post','update')),
    date            TEXT NOT NULL,
    doc_no          TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('在编','出编')),
    org_id          INTEGER REFERENCES orgs(id),
    post_type       TEXT,
    ledger_entry_id INTEGER REFERENCES ledger_entries(id),
    operator        TEXT NOT NULL,
    entered_at      TEXT NOT NULL,
    CHECK ((status = '在编') = (org_id IS NOT NULL AND post_type IS NOT NULL))
);
CREATE INDEX person_events_person ON person_events(person_id);

CREATE TRIGGER person_events_no_update BEFORE UPDATE ON person_events
BEGIN SELECT RAISE(ABORT, '人员变动记录不可修改'); END;
CREATE TRIGGER person_events_no_delete BEFORE DELETE ON person_events
BEGIN SELECT RAISE(ABORT, '人员变动记录不可删除'); END;
"#;

/// Migration 2: the record of imports, and which import each change came from.
const V2_IMPORTS: &str = r#"
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('orgs','roster')),
    operator     TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    rows         INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_hash ON imports(content_hash);
ALTER TABLE ledger_entries ADD COLUMN import_id INTEGER REFERENCES imports(id);
ALTER TABLE person_events ADD COLUMN import_id INTEGER REFERENCES imports(id);
"#;

/// Migration 3: the township standard (versioned), reallocations made under it, 退二补一
/// conversions and the townships' March filings.
const V3_TOWNSHIPS: &str = r#"
CREATE TABLE township_standards (
    id               INTEGER PRIMARY KEY,
    class1_admin     INTEGER NOT NULL CHECK (class1_admin > 0),
    class2_admin     INTEGER NOT NULL CHECK (class2_admin > 0),
    inst_ratio_milli INTEGER NOT NULL CHECK (inst_ratio_milli > 0),
    rounding         TEXT NOT NULL CHECK (rounding IN ('half_up','up','down')),
    doc_no           TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    effective_from   TEXT NOT NULL,
    operator         TEXT NOT NULL,
    entered_at       TEXT NOT NULL
);
CREATE TABLE allocations (
    id          INTEGER PRIMARY KEY,
    standard_id INTEGER REFERENCES township_standards(id),
    doc_no      TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    date        TEXT NOT NULL,
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
ALTER TABLE ledger_entries ADD COLUMN allocation_id INTEGER REFERENCES allocations(id);
CREATE TABLE conversions (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    from_type       TEXT NOT NULL CHECK (from_type IN ('inst_partial','inst_self')),
    date            TEXT NOT NULL,
    doc_no          TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    write_off_entry INTEGER NOT NULL UNIQUE REFERENCES ledger_entries(id),
    operator        TEXT NOT NULL,
    entered_at      TEXT NOT NULL
);
CREATE TABLE township_filings (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    year        INTEGER NOT NULL,
    received_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    import_id   INTEGER REFERENCES imports(id),
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX township_filings_year ON township_filings(year, org_id);
"#;

/// Migration 4: turnover pools — plan applications, issues (下达) and returns. A person on
/// a turnover post carries the issue; such a person is not counted in the unit's occupancy.
const V4_TURNOVER: &str = r#"
CREATE TABLE turnover_plans (
    id              INTEGER PRIMARY KEY,
    pool_id         INTEGER NOT NULL REFERENCES pools(id),
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    post_type       TEXT NOT NULL CHECK (post_type IN ('admin','political_legal','inst_full','inst_partial','inst_self','service')),
    requested       INTEGER NOT NULL CHECK (requested > 0),
    purpose         TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
    term_months     INTEGER NOT NULL CHECK (term_months > 0),
    return_plan     TEXT NOT NULL DEFAULT '',
    applied_on      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending','approved','partial','refused')),
    approved        INTEGER NOT NULL DEFAULT 0 CHECK (approved >= 0 AND approved <= requested),
    decision_reason TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT '',
    decided_on      TEXT,
    operator        TEXT NOT NULL,
    entered_at      TEXT NOT NULL
);
CREATE TABLE turnover_issues (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES turnover_plans(id),
    pool_id     INTEGER NOT NULL REFERENCES pools(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    post_type   TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count > 0),
    doc_no      TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    date        TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE TABLE turnover_returns (
    id          INTEGER PRIMARY KEY,
    issue_id    INTEGER NOT NULL REFERENCES turnover_issues(id),
    count       INTEGER NOT NULL CHECK (count > 0),
    reason      TEXT NOT NULL CHECK (reason IN ('person_left','swapped','returned')),
    person_id   INTEGER REFERENCES persons(id),
    date        TEXT NOT NULL,
    doc_no      TEXT NOT NULL DEFAULT '',
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE TRIGGER turnover_issues_no_update BEFORE UPDATE ON turnover_issues
BEGIN SELECT RAISE(ABORT, '周转编制下达记录不可修改'); END;
CREATE TRIGGER turnover_issues_no_delete BEFORE DELETE ON turnover_issues
BEGIN SELECT RAISE(ABORT, '周转编制下达记录不可删除'); END;
CREATE TRIGGER turnover_returns_no_update BEFORE UPDATE ON turnover_returns
BEGIN SELECT RAISE(ABORT, '周转编制收回记录不可修改'); END;
CREATE TRIGGER turnover_returns_no_delete BEFORE DELETE ON turnover_returns
BEGIN SELECT RAISE(ABORT, '周转编制收回记录不可删除'); END;
ALTER TABLE persons ADD COLUMN turnover_issue INTEGER REFERENCES turnover_issues(id);
ALTER TABLE person_events ADD COLUMN turnover_issue INTEGER REFERENCES turnover_issues(id);
"#;

/// Migration 5: settings kept with the county's data (e.g. the longest turnover term).
const V5_SETTINGS: &str = r#"
CREATE TABLE app_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    operator   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#;

/// Migration 6: staffing applications (编制事项) with their trail and suggestions,
/// rectification items (整改, from evaluations), and hiring plans from approved 用编.
const V6_APPLICATIONS: &str = r#"
CREATE TABLE applications (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    kind              TEXT NOT NULL CHECK (kind IN ('increase_posts','new_body','change_functions','more_leaders','use_posts','other')),
    post_type         TEXT,
    requested         INTEGER NOT NULL DEFAULT 0 CHECK (requested >= 0),
    reason            TEXT NOT NULL DEFAULT '',
    received_on       TEXT NOT NULL,
    market_available  INTEGER NOT NULL DEFAULT 0,
    attachments       TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL CHECK (state IN ('received','accepted','not_accepted','researching','awaiting_decision','requested_up','replied','closed')),
    review_reason     TEXT NOT NULL DEFAULT '',
    override_reason   TEXT NOT NULL DEFAULT '',
    accepted_on       TEXT,
    research_notes    TEXT NOT NULL DEFAULT '',
    research_depts    TEXT NOT NULL DEFAULT '',
    standard_figure   INTEGER,
    meeting_date      TEXT,
    meeting_session   TEXT NOT NULL DEFAULT '',
    decision          TEXT CHECK (decision IS NULL OR decision IN ('approve','partly','refuse')),
    approved_count    INTEGER NOT NULL DEFAULT 0,
    requested_up_on   TEXT,
    reply_on          TEXT,
    reply_text        TEXT NOT NULL DEFAULT '',
    doc_no            TEXT NOT NULL DEFAULT '',
    closed_on         TEXT,
    operator          TEXT NOT NULL,
    entered_at        TEXT NOT NULL
);
CREATE TABLE application_trail (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    state          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL,
    operator       TEXT NOT NULL,
    entered_at     TEXT NOT NULL
);
CREATE TRIGGER application_trail_no_update BEFORE UPDATE ON application_trail
BEGIN SELECT RAISE(ABORT, '编制事项办理记录不可修改'); END;
CREATE TRIGGER application_trail_no_delete BEFORE DELETE ON application_trail
BEGIN SELECT RAISE(ABORT, '编制事项办理记录不可删除'); END;
CREATE TABLE suggestions (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
    given_on       TEXT NOT NULL,
    operator       TEXT NOT NULL,
    entered_at     TEXT NOT NULL
);
CREATE TABLE rectifications (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    evaluation_id INTEGER,
    description   TEXT NOT NULL CHECK (length(trim(description)) > 0),
    owner         TEXT NOT NULL DEFAULT '',
    deadline      TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open','in_progress','done')),
    closed_on     TEXT,
    operator      TEXT NOT NULL,
    entered_at    TEXT NOT NULL
);
CREATE TABLE hiring_plans (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    post_type      TEXT NOT NULL,
    count          INTEGER NOT NULL CHECK (count > 0),
    doc_no         TEXT NOT NULL,
    date           TEXT NOT NULL
);
CREATE TABLE hiring_plan_uses (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES hiring_plans(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    date      TEXT NOT NULL
);
ALTER TABLE ledger_entries ADD COLUMN application_id INTEGER REFERENCES applications(id);
"#;

/// Migration 7: evaluations — indicator systems as versioned data, evaluations of units,
/// their scores and vetoes, policy suggestions; 核减 entries carry the evaluation.
const V7_EVALUATIONS: &str = r#"
CREATE TABLE indicator_systems (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    operator   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (name, version)
);
CREATE TRIGGER indicator_systems_no_update BEFORE UPDATE ON indicator_systems
BEGIN SELECT RAISE(ABORT, '指标体系的版本不可修改，请另存为新版本'); END;
CREATE TABLE evaluations (
    id          INTEGER PRIMARY KEY,
    system_id   INTEGER NOT NULL REFERENCES indicator_systems(id),
    year        INTEGER NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    state       TEXT NOT NULL CHECK (state IN ('evaluating','fed_back','reported')),
    report_date TEXT,
    operator    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (year, org_id)
);
CREATE TABLE evaluation_scores (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
    item          INTEGER NOT NULL,
    input         INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '日常',
    operator      TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, item)
);
CREATE TABLE evaluation_vetoes (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
    veto          INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (evaluation_id, veto)
);
CREATE TABLE policy_suggestions (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    date          TEXT NOT NULL,
    operator      TEXT NOT NULL,
    entered_at    TEXT NOT NULL
);
ALTER TABLE ledger_entries ADD COLUMN evaluation_id INTEGER REFERENCES evaluations(id);
"#;

/// Migration 8: occupancy counts only people on their unit's own posts (not turnover
/// posts), and leaders are counted from positions; these indexes answer both without
/// reading the table.
const V8_OWN_POSTS_INDEX: &str = r#"
CREATE INDEX persons_on_own_post ON persons(org_id, post_type)
    WHERE status = '在编' AND turnover_issue IS NULL;
CREATE INDEX persons_positions ON persons(org_id, position)
    WHERE status = '在编' AND position IS NOT NULL;
"#;

/// Migration 10: the people on turnover posts found by their issue, not by reading every
/// person (the registry and the figures ask after every hire).
const V10_TURNOVER_HOLDERS_INDEX: &str = r#"
CREATE INDEX persons_on_turnover ON persons(turnover_issue) WHERE turnover_issue IS NOT NULL;
"#;

/// Migration 11: 专编专用, each pool's scope; the seed's two pools get theirs from their
/// names (as `PoolScope::from_name` reads them), any other pool issues to any unit.
const V11_POOL_SCOPES: &str = r#"
ALTER TABLE pools ADD COLUMN scope TEXT NOT NULL DEFAULT 'any'
    CHECK (scope IN ('any', 'county', 'townships'));
UPDATE pools SET scope = 'county' WHERE name LIKE '%县直%';
UPDATE pools SET scope = 'townships'
    WHERE scope = 'any' AND (name LIKE '%乡镇%' OR name LIKE '%街道%');
"#;

/// Migration 12: an evaluation keeps what was reported. When it is first fed back (已反馈
/// or 已上会) its whole form — scores, automatic figures, vetoes, grade, rank, indicator
/// version — is stored as JSON in `kept`; reopening it (重新打开) needs a reason and is
/// recorded in `evaluation_reopenings`.
const V12_EVALUATIONS_KEPT: &str = r#"
ALTER TABLE evaluations ADD COLUMN kept TEXT;
ALTER TABLE evaluations ADD COLUMN kept_on TEXT;
CREATE TABLE evaluation_reopenings (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations(id),
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    prev_state     TEXT NOT NULL,
    prev_report    TEXT,
    prev_kept      TEXT,
    operator       TEXT NOT NULL,
    entered_at     TEXT NOT NULL
);
"#;

/// Migration 13: a 退二补一 conversion names the two departures (person events) it rests
/// on and carries the entry that recovered or wrote off the second vacated 全额 post.
/// Conversions recorded before have neither (未指明空出人员).
const V13_CONVERSION_DEPARTURES: &str = r#"
ALTER TABLE conversions ADD COLUMN departure_a INTEGER REFERENCES person_events(id);
ALTER TABLE conversions ADD COLUMN departure_b INTEGER REFERENCES person_events(id);
ALTER TABLE conversions ADD COLUMN second_entry INTEGER REFERENCES ledger_entries(id);
CREATE UNIQUE INDEX conversions_second_entry ON conversions(second_entry)
    WHERE second_entry IS NOT NULL;
"#;

/// Migration 14: an application keeps the 初审 checklist (each check, its figures, pass or
/// fail) as it stood when it was received, reviewed (受理 or 不予受理) and decided.
const V14_APPLICATION_REVIEWS: &str = r#"
CREATE TABLE application_reviews (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    stage          TEXT NOT NULL CHECK (stage IN ('received','reviewed','decided')),
    date           TEXT NOT NULL,
    checks         TEXT NOT NULL,
    operator       TEXT NOT NULL,
    entered_at     TEXT NOT NULL
);
CREATE INDEX application_reviews_of ON application_reviews(application_id);
"#;

/// Migration 15: a township's class is changed by a dated decision with a 文号; the class
/// on a date is the newest decision dated on or before it (`previous`: the class it
/// replaced, so that dates before the first decision keep the class recorded then).
const V15_TOWNSHIP_CLASS_CHANGES: &str = r#"
CREATE TABLE township_class_changes (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    class          INTEGER NOT NULL CHECK (class IN (1, 2)),
    previous       INTEGER CHECK (previous IS NULL OR previous IN (1, 2)),
    effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    doc_no         TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    operator       TEXT NOT NULL,
    entered_at     TEXT NOT NULL
);
CREATE INDEX township_class_changes_of ON township_class_changes(org_id);
"#;

/// Migration 16: the other fields of the provincial roster templates (所在机构, 人员分类,
/// 人员状态, 进入形式, …), kept on the person as read: a JSON object, field code → text.
const V16_PERSON_KEPT_FIELDS: &str = r#"
ALTER TABLE persons ADD COLUMN kept TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(kept));
"#;

/// Migration 9: operators (with argon2 password hashes and roles) and the append-only
/// 操作日志: one `audit_actions` row per action (who, when, what), and one `audit_log` row
/// per row it inserted, changed or deleted, with the row before and after as JSON. The
/// rows are written by triggers ([`super::audit::install_triggers`]), so no write escapes
/// them; other triggers refuse to change or delete the log.
const V9_OPERATORS_AUDIT: &str = r#"
CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    role          TEXT NOT NULL CHECK (role IN ('admin','clerk','viewer')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE audit_actions (
    id       INTEGER PRIMARY KEY,
    operator TEXT NOT NULL,
    role     TEXT NOT NULL,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_actions_at ON audit_actions(at);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_id     INTEGER,
    op         TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_log_action ON audit_log(action_id);
-- An inserted row's image is its next change's `before` (see audit.rs): found by this.
CREATE INDEX audit_log_row ON audit_log(table_name, row_id, id) WHERE op <> 'insert';

CREATE TRIGGER audit_actions_no_update BEFORE UPDATE ON audit_actions
BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END;
CREATE TRIGGER audit_actions_no_delete BEFORE DELETE ON audit_actions
BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END;
"#;

/// Run after a migration that adds tables or columns, so that they are logged like the rest.
fn reinstall_audit_triggers(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    super::audit::install_triggers(tx)?;
    Ok(())
}

/// Migration 18: 信息更正, the corrections of a person's fields (a misspelt name, a wrong
/// birth date, an ID number): each field's value before and after, with the reason.
/// Corrections are history: never changed or deleted.
const V18_PERSON_CORRECTIONS: &str = r#"
CREATE TABLE person_corrections (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    field      TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX person_corrections_of ON person_corrections(person_id);
CREATE TRIGGER person_corrections_no_update BEFORE UPDATE ON person_corrections
BEGIN SELECT RAISE(ABORT, '信息更正记录不可修改'); END;
CREATE TRIGGER person_corrections_no_delete BEFORE DELETE ON person_corrections
BEGIN SELECT RAISE(ABORT, '信息更正记录不可删除'); END;
"#;

/// Migration 18 on a server ([`V18_PERSON_CORRECTIONS`]).
const SERVER_V18_PERSON_CORRECTIONS: &str = r#"
CREATE TABLE person_corrections (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES persons(id) DEFERRABLE,
    field      TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX person_corrections_of ON person_corrections(person_id);
CREATE TRIGGER person_corrections_no_update BEFORE UPDATE ON person_corrections
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('信息更正记录不可修改');
CREATE TRIGGER person_corrections_no_delete BEFORE DELETE ON person_corrections
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('信息更正记录不可删除');
CREATE TRIGGER audit_person_corrections_insert AFTER INSERT ON person_corrections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_person_corrections_change AFTER UPDATE OR DELETE ON person_corrections
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 19: 内设机构 — a unit's internal divisions with their history (created,
/// renamed, confirmed, abolished, each with its date and 文号), a person's division, and the
/// township March filing's table of who does what (人员分工、任职).
const V19_DIVISIONS: &str = r#"
CREATE TABLE divisions (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind          TEXT CHECK (kind IN ('business','general')),
    state         TEXT NOT NULL CHECK (state IN ('confirmed','proposed')),
    created_on    TEXT,
    created_doc   TEXT NOT NULL DEFAULT '',
    abolished_on  TEXT,
    abolished_doc TEXT,
    operator      TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    CHECK (state = 'proposed' OR kind IS NOT NULL)
);
CREATE UNIQUE INDEX divisions_active_name ON divisions(org_id, name) WHERE abolished_on IS NULL;
CREATE TABLE division_events (
    id          INTEGER PRIMARY KEY,
    division_id INTEGER NOT NULL REFERENCES divisions(id),
    event       TEXT NOT NULL CHECK (event IN ('create','propose','confirm','rename','kind','abolish')),
    date        TEXT,
    doc_no      TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    kind        TEXT,
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX division_events_of ON division_events(division_id);
CREATE TRIGGER division_events_no_update BEFORE UPDATE ON division_events
BEGIN SELECT RAISE(ABORT, '内设机构沿革记录不可修改'); END;
CREATE TRIGGER division_events_no_delete BEFORE DELETE ON division_events
BEGIN SELECT RAISE(ABORT, '内设机构沿革记录不可删除'); END;
ALTER TABLE persons ADD COLUMN division_id INTEGER REFERENCES divisions(id);
CREATE INDEX persons_division ON persons(division_id) WHERE division_id IS NOT NULL;
CREATE TABLE township_filing_lines (
    id        INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES township_filings(id),
    person_id INTEGER REFERENCES persons(id),
    id_number TEXT,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    division  TEXT NOT NULL DEFAULT '',
    duties    TEXT NOT NULL DEFAULT '',
    position  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX township_filing_lines_of ON township_filing_lines(filing_id);
"#;

/// Migration 19 on a server ([`V19_DIVISIONS`]).
const SERVER_V19_DIVISIONS: &str = r#"
CREATE TABLE divisions (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind          TEXT CHECK (kind IN ('business','general')),
    state         TEXT NOT NULL CHECK (state IN ('confirmed','proposed')),
    created_on    TEXT,
    created_doc   TEXT NOT NULL DEFAULT '',
    abolished_on  TEXT,
    abolished_doc TEXT,
    operator      TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    CHECK (state = 'proposed' OR kind IS NOT NULL)
);
CREATE UNIQUE INDEX divisions_active_name ON divisions(org_id, name) WHERE abolished_on IS NULL;
CREATE TABLE division_events (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    division_id BIGINT NOT NULL REFERENCES divisions(id) DEFERRABLE,
    event       TEXT NOT NULL CHECK (event IN ('create','propose','confirm','rename','kind','abolish')),
    date        TEXT,
    doc_no      TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    kind        TEXT,
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX division_events_of ON division_events(division_id);
CREATE TRIGGER division_events_no_update BEFORE UPDATE ON division_events
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('内设机构沿革记录不可修改');
CREATE TRIGGER division_events_no_delete BEFORE DELETE ON division_events
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('内设机构沿革记录不可删除');
ALTER TABLE persons ADD COLUMN division_id BIGINT REFERENCES divisions(id) DEFERRABLE;
CREATE INDEX persons_division ON persons(division_id) WHERE division_id IS NOT NULL;
CREATE TABLE township_filing_lines (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    filing_id BIGINT NOT NULL REFERENCES township_filings(id) DEFERRABLE,
    person_id BIGINT REFERENCES persons(id) DEFERRABLE,
    id_number TEXT,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    division  TEXT NOT NULL DEFAULT '',
    duties    TEXT NOT NULL DEFAULT '',
    position  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX township_filing_lines_of ON township_filing_lines(filing_id);
CREATE TRIGGER audit_divisions_insert AFTER INSERT ON divisions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_divisions_change AFTER UPDATE OR DELETE ON divisions
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_division_events_insert AFTER INSERT ON division_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_division_events_change AFTER UPDATE OR DELETE ON division_events
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_township_filing_lines_insert AFTER INSERT ON township_filing_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_township_filing_lines_change AFTER UPDATE OR DELETE ON township_filing_lines
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 20: 领导职数 as records — approved leadership positions changed only by dated
/// entries with a 文号 (a unit's numbers kept before become its opening entries), and the
/// appointments (任职, 免职) that fill them.
const V20_LEADERSHIP: &str = r#"
CREATE TABLE leader_entries (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    level      TEXT NOT NULL CHECK (level IN ('chief','deputy','division_chief','division_deputy')),
    delta      INTEGER NOT NULL CHECK (delta <> 0),
    date       TEXT NOT NULL,
    doc_no     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX leader_entries_of ON leader_entries(org_id, level, date);
CREATE TRIGGER leader_entries_no_update BEFORE UPDATE ON leader_entries
BEGIN SELECT RAISE(ABORT, '领导职数台账记录不可修改'); END;
CREATE TRIGGER leader_entries_no_delete BEFORE DELETE ON leader_entries
BEGIN SELECT RAISE(ABORT, '领导职数台账记录不可删除'); END;
INSERT INTO leader_entries (org_id, level, delta, date, doc_no, reason, operator, entered_at)
    SELECT id, 'chief', leaders_chief, substr(created_at, 1, 10), '（升级前已核定）',
           '数据库升级：原有领导职数', '系统', created_at FROM orgs WHERE leaders_chief > 0;
INSERT INTO leader_entries (org_id, level, delta, date, doc_no, reason, operator, entered_at)
    SELECT id, 'deputy', leaders_deputy, substr(created_at, 1, 10), '（升级前已核定）',
           '数据库升级：原有领导职数', '系统', created_at FROM orgs WHERE leaders_deputy > 0;
CREATE TABLE appointments (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    level        TEXT NOT NULL CHECK (level IN ('chief','deputy','division_chief','division_deputy')),
    position     TEXT NOT NULL CHECK (length(trim(position)) > 0),
    rank         TEXT NOT NULL DEFAULT '',
    high_config  INTEGER NOT NULL DEFAULT 0 CHECK (high_config IN (0, 1)),
    appointed_on TEXT NOT NULL,
    appoint_doc  TEXT NOT NULL,
    removed_on   TEXT,
    remove_doc   TEXT,
    operator     TEXT NOT NULL,
    entered_at   TEXT NOT NULL
);
CREATE INDEX appointments_of_org ON appointments(org_id);
CREATE INDEX appointments_of_person ON appointments(person_id);
"#;

/// Migration 20 on a server ([`V20_LEADERSHIP`]).
const SERVER_V20_LEADERSHIP: &str = r#"
CREATE TABLE leader_entries (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    level      TEXT NOT NULL CHECK (level IN ('chief','deputy','division_chief','division_deputy')),
    delta      BIGINT NOT NULL CHECK (delta <> 0),
    date       TEXT NOT NULL,
    doc_no     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX leader_entries_of ON leader_entries(org_id, level, date);
CREATE TRIGGER leader_entries_no_update BEFORE UPDATE ON leader_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('领导职数台账记录不可修改');
CREATE TRIGGER leader_entries_no_delete BEFORE DELETE ON leader_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('领导职数台账记录不可删除');
INSERT INTO leader_entries (org_id, level, delta, date, doc_no, reason, operator, entered_at)
    SELECT id, 'chief', leaders_chief, substr(created_at, 1, 10), '（升级前已核定）',
           '数据库升级：原有领导职数', '系统', created_at FROM orgs WHERE leaders_chief > 0;
INSERT INTO leader_entries (org_id, level, delta, date, doc_no, reason, operator, entered_at)
    SELECT id, 'deputy', leaders_deputy, substr(created_at, 1, 10), '（升级前已核定）',
           '数据库升级：原有领导职数', '系统', created_at FROM orgs WHERE leaders_deputy > 0;
CREATE TABLE appointments (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id    BIGINT NOT NULL REFERENCES persons(id) DEFERRABLE,
    org_id       BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    level        TEXT NOT NULL CHECK (level IN ('chief','deputy','division_chief','division_deputy')),
    position     TEXT NOT NULL CHECK (length(trim(position)) > 0),
    rank         TEXT NOT NULL DEFAULT '',
    high_config  BIGINT NOT NULL DEFAULT 0 CHECK (high_config IN (0, 1)),
    appointed_on TEXT NOT NULL,
    appoint_doc  TEXT NOT NULL,
    removed_on   TEXT,
    remove_doc   TEXT,
    operator     TEXT NOT NULL,
    entered_at   TEXT NOT NULL
);
CREATE INDEX appointments_of_org ON appointments(org_id);
CREATE INDEX appointments_of_person ON appointments(person_id);
CREATE TRIGGER audit_leader_entries_insert AFTER INSERT ON leader_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_leader_entries_change AFTER UPDATE OR DELETE ON leader_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_appointments_insert AFTER INSERT ON appointments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_appointments_change AFTER UPDATE OR DELETE ON appointments
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 21: 编外人员 — people working in a unit outside the establishment, in their own
/// register (never on a post, never in 实有), and each unit's control number (控制数) set by
/// dated entries with a 文号.
const V21_OUTSIDE_STAFF: &str = r#"
CREATE TABLE outside_staff (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    id_number  TEXT,
    kind       TEXT NOT NULL CHECK (kind IN ('hired','dispatched','public_welfare','other')),
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    note       TEXT NOT NULL DEFAULT '',
    import_id  INTEGER REFERENCES imports(id),
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX outside_staff_of ON outside_staff(org_id);
CREATE TABLE outside_control_entries (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    delta      INTEGER NOT NULL CHECK (delta <> 0),
    date       TEXT NOT NULL,
    doc_no     TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    reason     TEXT NOT NULL DEFAULT '',
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX outside_control_of ON outside_control_entries(org_id, date);
CREATE TRIGGER outside_control_no_update BEFORE UPDATE ON outside_control_entries
BEGIN SELECT RAISE(ABORT, '编外人员控制数台账记录不可修改'); END;
CREATE TRIGGER outside_control_no_delete BEFORE DELETE ON outside_control_entries
BEGIN SELECT RAISE(ABORT, '编外人员控制数台账记录不可删除'); END;
"#;

/// Migration 21 on a server ([`V21_OUTSIDE_STAFF`]).
const SERVER_V21_OUTSIDE_STAFF: &str = r#"
CREATE TABLE outside_staff (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    id_number  TEXT,
    kind       TEXT NOT NULL CHECK (kind IN ('hired','dispatched','public_welfare','other')),
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    note       TEXT NOT NULL DEFAULT '',
    import_id  BIGINT REFERENCES imports(id) DEFERRABLE,
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX outside_staff_of ON outside_staff(org_id);
CREATE TABLE outside_control_entries (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    delta      BIGINT NOT NULL CHECK (delta <> 0),
    date       TEXT NOT NULL,
    doc_no     TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    reason     TEXT NOT NULL DEFAULT '',
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX outside_control_of ON outside_control_entries(org_id, date);
CREATE TRIGGER outside_control_no_update BEFORE UPDATE ON outside_control_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('编外人员控制数台账记录不可修改');
CREATE TRIGGER outside_control_no_delete BEFORE DELETE ON outside_control_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('编外人员控制数台账记录不可删除');
CREATE TRIGGER audit_outside_staff_insert AFTER INSERT ON outside_staff
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_outside_staff_change AFTER UPDATE OR DELETE ON outside_staff
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_outside_control_entries_insert AFTER INSERT ON outside_control_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_outside_control_entries_change AFTER UPDATE OR DELETE ON outside_control_entries
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 22: a unit's record (机构性质, 举办单位, 三定 文号, 主要职责) and its history
/// (机构沿革): renamed, merged into another, split, abolished — each with date and 文号; an
/// abolished unit stays, marked, so that the past shows it under the name it had.
const V22_UNIT_HISTORY: &str = r#"
ALTER TABLE orgs ADD COLUMN nature TEXT;
ALTER TABLE orgs ADD COLUMN sponsor TEXT;
ALTER TABLE orgs ADD COLUMN sanding_doc TEXT;
ALTER TABLE orgs ADD COLUMN duties TEXT;
ALTER TABLE orgs ADD COLUMN abolished_on TEXT;
ALTER TABLE orgs ADD COLUMN abolished_doc TEXT;
CREATE TABLE org_history (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    event       TEXT NOT NULL CHECK (event IN ('rename','merged_into','took_in','split_to','split_from','abolish')),
    date        TEXT NOT NULL,
    doc_no      TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    name_before TEXT NOT NULL,
    name_after  TEXT NOT NULL,
    other_org   INTEGER REFERENCES orgs(id),
    note        TEXT NOT NULL DEFAULT '',
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX org_history_of ON org_history(org_id, date);
CREATE TRIGGER org_history_no_update BEFORE UPDATE ON org_history
BEGIN SELECT RAISE(ABORT, '机构沿革记录不可修改'); END;
CREATE TRIGGER org_history_no_delete BEFORE DELETE ON org_history
BEGIN SELECT RAISE(ABORT, '机构沿革记录不可删除'); END;
"#;

/// Migration 22 on a server ([`V22_UNIT_HISTORY`]).
const SERVER_V22_UNIT_HISTORY: &str = r#"
ALTER TABLE orgs ADD COLUMN nature TEXT;
ALTER TABLE orgs ADD COLUMN sponsor TEXT;
ALTER TABLE orgs ADD COLUMN sanding_doc TEXT;
ALTER TABLE orgs ADD COLUMN duties TEXT;
ALTER TABLE orgs ADD COLUMN abolished_on TEXT;
ALTER TABLE orgs ADD COLUMN abolished_doc TEXT;
CREATE TABLE org_history (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id) DEFERRABLE,
    event       TEXT NOT NULL CHECK (event IN ('rename','merged_into','took_in','split_to','split_from','abolish')),
    date        TEXT NOT NULL,
    doc_no      TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
    name_before TEXT NOT NULL,
    name_after  TEXT NOT NULL,
    other_org   BIGINT REFERENCES orgs(id) DEFERRABLE,
    note        TEXT NOT NULL DEFAULT '',
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX org_history_of ON org_history(org_id, date);
CREATE TRIGGER org_history_no_update BEFORE UPDATE ON org_history
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('机构沿革记录不可修改');
CREATE TRIGGER org_history_no_delete BEFORE DELETE ON org_history
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('机构沿革记录不可删除');
CREATE TRIGGER audit_org_history_insert AFTER INSERT ON org_history
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_org_history_change AFTER UPDATE OR DELETE ON org_history
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 23: 核查 (reconciliation) — a round per list from another department (its rows
/// kept as read, never merged into the registry), its findings and how each was settled;
/// numbered notices (整改通知书); a person's confirmed retirement rule.
const V23_RECONCILIATION: &str = r#"
ALTER TABLE persons ADD COLUMN retirement_rule TEXT;
CREATE TABLE reconcile_rounds (
    id         INTEGER PRIMARY KEY,
    held_on    TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('payroll','hr','retirement','appointments')),
    file_name  TEXT NOT NULL,
    list_rows  INTEGER NOT NULL,
    matched    INTEGER NOT NULL,
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE TABLE reconcile_rows (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES reconcile_rounds(id),
    row_no    INTEGER NOT NULL,
    name      TEXT NOT NULL,
    id_number TEXT NOT NULL,
    unit      TEXT NOT NULL,
    fields    TEXT NOT NULL,
    person_id INTEGER REFERENCES persons(id),
    UNIQUE (round_id, row_no)
);
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    number     TEXT NOT NULL,
    org_id     INTEGER REFERENCES orgs(id),
    issued_on  TEXT NOT NULL,
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (kind, year, seq)
);
CREATE TABLE reconcile_findings (
    id               INTEGER PRIMARY KEY,
    round_id         INTEGER NOT NULL REFERENCES reconcile_rounds(id),
    code             TEXT NOT NULL,
    person_id        INTEGER REFERENCES persons(id),
    org_id           INTEGER REFERENCES orgs(id),
    id_number        TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    detail           TEXT NOT NULL,
    row_no           INTEGER,
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','verified','explained','rectify')),
    state_note       TEXT NOT NULL DEFAULT '',
    rectification_id INTEGER REFERENCES rectifications(id),
    notice_id        INTEGER REFERENCES notices(id)
);
CREATE INDEX reconcile_findings_of ON reconcile_findings(round_id);
CREATE INDEX reconcile_findings_org ON reconcile_findings(org_id);
"#;

/// Migration 23 on a server ([`V23_RECONCILIATION`]).
const SERVER_V23_RECONCILIATION: &str = r#"
ALTER TABLE persons ADD COLUMN retirement_rule TEXT;
CREATE TABLE reconcile_rounds (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    held_on    TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('payroll','hr','retirement','appointments')),
    file_name  TEXT NOT NULL,
    list_rows  BIGINT NOT NULL,
    matched    BIGINT NOT NULL,
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE TABLE reconcile_rows (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    round_id  BIGINT NOT NULL REFERENCES reconcile_rounds(id) DEFERRABLE,
    row_no    BIGINT NOT NULL,
    name      TEXT NOT NULL,
    id_number TEXT NOT NULL,
    unit      TEXT NOT NULL,
    fields    TEXT NOT NULL,
    person_id BIGINT REFERENCES persons(id) DEFERRABLE,
    UNIQUE (round_id, row_no)
);
CREATE TABLE notices (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL,
    year       BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    number     TEXT NOT NULL,
    org_id     BIGINT REFERENCES orgs(id) DEFERRABLE,
    issued_on  TEXT NOT NULL,
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (kind, year, seq)
);
CREATE TABLE reconcile_findings (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    round_id         BIGINT NOT NULL REFERENCES reconcile_rounds(id) DEFERRABLE,
    code             TEXT NOT NULL,
    person_id        BIGINT REFERENCES persons(id) DEFERRABLE,
    org_id           BIGINT REFERENCES orgs(id) DEFERRABLE,
    id_number        TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    detail           TEXT NOT NULL,
    row_no           BIGINT,
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','verified','explained','rectify')),
    state_note       TEXT NOT NULL DEFAULT '',
    rectification_id BIGINT REFERENCES rectifications(id) DEFERRABLE,
    notice_id        BIGINT REFERENCES notices(id) DEFERRABLE
);
CREATE INDEX reconcile_findings_of ON reconcile_findings(round_id);
CREATE INDEX reconcile_findings_org ON reconcile_findings(org_id);
CREATE TRIGGER audit_reconcile_rounds_insert AFTER INSERT ON reconcile_rounds
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_reconcile_rounds_change AFTER UPDATE OR DELETE ON reconcile_rounds
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_reconcile_rows_insert AFTER INSERT ON reconcile_rows
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_reconcile_rows_change AFTER UPDATE OR DELETE ON reconcile_rows
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_notices_insert AFTER INSERT ON notices
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_notices_change AFTER UPDATE OR DELETE ON notices
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_reconcile_findings_insert AFTER INSERT ON reconcile_findings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_reconcile_findings_change AFTER UPDATE OR DELETE ON reconcile_findings
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 24: 文件库 — a document per 文号 (filed under the recogniser's normalised key:
/// title, issuing body, date, kind) and its attachments by content hash (append-only; the
/// content beside a SQLite file, or in `attachment_blobs` on a server or in memory); numbered
/// notices keep what they said (addressee, what they refer to, content) and a voiding with
/// its reason; a hiring plan's validity date.
const V24_DOCUMENTS: &str = r#"
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    doc_key    TEXT NOT NULL UNIQUE CHECK (length(doc_key) > 0),
    doc_no     TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    issuer     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT,
    kind       TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('sanding','reply','notice','request','minutes','other')),
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes       INTEGER NOT NULL CHECK (bytes >= 0),
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX attachments_of ON attachments(document_id);
CREATE INDEX person_events_org ON person_events(org_id);
ALTER TABLE notices ADD COLUMN addressee TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN refers TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN content TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notices ADD COLUMN voided_on TEXT;
ALTER TABLE notices ADD COLUMN void_reason TEXT;
CREATE INDEX notices_refers ON notices(refers);
ALTER TABLE hiring_plans ADD COLUMN valid_until TEXT;
CREATE TABLE attachment_blobs (
    id      INTEGER PRIMARY KEY,
    sha256  TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    content BLOB NOT NULL
);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, '附件记录不可修改'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, '附件记录不可删除'); END;
CREATE TRIGGER attachment_blobs_no_update BEFORE UPDATE ON attachment_blobs
BEGIN SELECT RAISE(ABORT, '附件内容不可修改'); END;
CREATE TRIGGER attachment_blobs_no_delete BEFORE DELETE ON attachment_blobs
BEGIN SELECT RAISE(ABORT, '附件内容不可删除'); END;
"#;

/// Migration 24 on a server ([`V24_DOCUMENTS`]).
const SERVER_V24_DOCUMENTS: &str = r#"
CREATE TABLE documents (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    doc_key    TEXT NOT NULL UNIQUE CHECK (length(doc_key) > 0),
    doc_no     TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    issuer     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT,
    kind       TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('sanding','reply','notice','request','minutes','other')),
    operator   TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE TABLE attachments (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id) DEFERRABLE,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes       BIGINT NOT NULL CHECK (bytes >= 0),
    operator    TEXT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX attachments_of ON attachments(document_id);
CREATE INDEX person_events_org ON person_events(org_id);
ALTER TABLE notices ADD COLUMN addressee TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN refers TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN content TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notices ADD COLUMN voided_on TEXT;
ALTER TABLE notices ADD COLUMN void_reason TEXT;
CREATE INDEX notices_refers ON notices(refers);
ALTER TABLE hiring_plans ADD COLUMN valid_until TEXT;
CREATE TABLE attachment_blobs (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    sha256  TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    content BYTEA NOT NULL
);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('附件记录不可修改');
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('附件记录不可删除');
CREATE TRIGGER attachment_blobs_no_update BEFORE UPDATE ON attachment_blobs
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('附件内容不可修改');
CREATE TRIGGER attachment_blobs_no_delete BEFORE DELETE ON attachment_blobs
    FOR EACH ROW EXECUTE FUNCTION bianzhi_refuse('附件内容不可删除');
CREATE TRIGGER audit_documents_insert AFTER INSERT ON documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_documents_change AFTER UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
CREATE TRIGGER audit_attachments_insert AFTER INSERT ON attachments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bianzhi_audit_insert();
CREATE TRIGGER audit_attachments_change AFTER UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION bianzhi_audit();
"#;

/// Migration 17: a bulk import logs its inserts into a table as one row naming the range
/// of rowids it inserted (`row_id` to `last_row_id`), not one row per inserted row.
const V17_AUDIT_INSERT_RANGES: &str = "ALTER TABLE audit_log ADD COLUMN last_row_id INTEGER;";

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1_CORE),
        M::up(V2_IMPORTS),
        M::up(V3_TOWNSHIPS),
        M::up(V4_TURNOVER),
        M::up(V5_SETTINGS),
        M::up(V6_APPLICATIONS),
        M::up(V7_EVALUATIONS),
        M::up(V8_OWN_POSTS_INDEX),
        M::up_with_hook(V9_OPERATORS_AUDIT, reinstall_audit_triggers),
        M::up(V10_TURNOVER_HOLDERS_INDEX),
        M::up(V11_POOL_SCOPES),
        M::up_with_hook(V12_EVALUATIONS_KEPT, reinstall_audit_triggers),
        M::up_with_hook(V13_CONVERSION_DEPARTURES, reinstall_audit_triggers),
        M::up_with_hook(V14_APPLICATION_REVIEWS, reinstall_audit_triggers),
        M::up_with_hook(V15_TOWNSHIP_CLASS_CHANGES, reinstall_audit_triggers),
        M::up_with_hook(V16_PERSON_KEPT_FIELDS, reinstall_audit_triggers),
        M::up(V17_AUDIT_INSERT_RANGES),
        M::up_with_hook(V18_PERSON_CORRECTIONS, reinstall_audit_triggers),
        M::up_with_hook(V19_DIVISIONS, reinstall_audit_triggers),
        M::up_with_hook(V20_LEADERSHIP, reinstall_audit_triggers),
        M::up_with_hook(V21_OUTSIDE_STAFF, reinstall_audit_triggers),
        M::up_with_hook(V22_UNIT_HISTORY, reinstall_audit_triggers),
        M::up_with_hook(V23_RECONCILIATION, reinstall_audit_triggers),
        M::up_with_hook(V24_DOCUMENTS, reinstall_audit_triggers),
    ])
}

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = 24;

/// The schema on a PostgreSQL server, at [`SERVER_SCHEMA_VERSION`].
const SERVER_SCHEMA: &str = include_str!("schema_pg.sql");

/// The version `schema_pg.sql` makes. A new server database is made at it and then
/// brought up to date by [`SERVER_MIGRATIONS`].
const SERVER_SCHEMA_VERSION: i64 = 17;

/// The migrations after [`SERVER_SCHEMA_VERSION`] on a server, as (version, SQL): each
/// written for PostgreSQL beside its SQLite twin in [`migrations`], so that a server
/// database made by an older program is upgraded as a file is.
const SERVER_MIGRATIONS: &[(i64, &str)] = &[
    (18, SERVER_V18_PERSON_CORRECTIONS),
    (19, SERVER_V19_DIVISIONS),
    (20, SERVER_V20_LEADERSHIP),
    (21, SERVER_V21_OUTSIDE_STAFF),
    (22, SERVER_V22_UNIT_HISTORY),
    (23, SERVER_V23_RECONCILIATION),
    (24, SERVER_V24_DOCUMENTS),
];

/// Makes the county's tables on a server database that has none (under the write lock,
/// so that two clerks starting at once make them once), or checks the version of those
/// there: one from a newer program is refused, untouched.
pub(crate) fn ensure_server_schema(conn: &super::db::Connection, shown: &str) -> super::Result<()> {
    // Already up to date (every start but the first): no lock, which another connection
    // of this program may hold (an import's writer, whose reader opens this).
    let made: bool = conn.query_row(
        "SELECT to_regclass('schema_version') IS NOT NULL",
        (),
        |r| r.get(0),
    )?;
    if made {
        let current: Option<i64> =
            conn.query_row("SELECT MAX(version) FROM schema_version", (), |r| r.get(0))?;
        if current == Some(LATEST_VERSION) {
            return Ok(());
        }
    }
    conn.execute_batch(&format!("BEGIN; {}", super::SERVER_WRITE_LOCK))?;
    let made = (|| -> super::Result<()> {
        let exists: bool = conn.query_row(
            "SELECT to_regclass('schema_version') IS NOT NULL",
            (),
            |r| r.get(0),
        )?;
        let found = if exists {
            conn.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                (),
                |r| r.get(0),
            )?
        } else {
            conn.execute_batch(SERVER_SCHEMA)?;
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
                crate::params![SERVER_SCHEMA_VERSION, crate::clock::timestamp()],
            )?;
            SERVER_SCHEMA_VERSION
        };
        if found > LATEST_VERSION {
            return Err(super::StoreError::TooNew {
                path: shown.to_string(),
                found,
                supported: LATEST_VERSION,
            });
        }
        for (version, sql) in SERVER_MIGRATIONS.iter().filter(|(v, _)| *v > found) {
            conn.execute_batch(sql)?;
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
                crate::params![*version, crate::clock::timestamp()],
            )?;
        }
        let reached = SERVER_MIGRATIONS
            .last()
            .map_or(SERVER_SCHEMA_VERSION, |(v, _)| *v);
        if reached != LATEST_VERSION {
            return Err(super::StoreError::Migration(format!(
                "本程序缺少服务器数据库结构版本 {reached} 之后的升级（需要 {LATEST_VERSION}）"
            )));
        }
        Ok(())
    })();
    match made {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
