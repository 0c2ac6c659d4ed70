//! Background work: [`Job`] (one typed task on its own thread, with progress and cancel)
//! and [`Jobs`], the shell's list of the tasks running now (exports, the log export, an
//! import's reading and writing), each shown in the status bar with its progress and 取消
//! until it finishes, whatever panel is on screen. What a task hands back is [`Finished`]:
//! a notice, or an import's step, which the shell gives to the import wizard.

use crate::import::{CommitReport, ImportError, ImportPlan, Progress};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// Work running on a background thread.
pub struct Job<T> {
    pub progress: Arc<Progress>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on its own thread, reporting to `progress` (shared with whoever shows
    /// it); the window repaints when it ends.
    pub(crate) fn spawn(
        ctx: &egui::Context,
        progress: Arc<Progress>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Job<T> {
        let (tx, rx) = channel();
        let p = Arc::clone(&progress);
        let ctx = ctx.clone();
        let day = crate::clock::Inherit::capture();
        std::thread::spawn(move || {
            day.enter();
            let out = work(&p);
            let _ = tx.send(out);
            ctx.request_repaint();
        });
        Job { progress, rx }
    }

    pub(crate) fn poll(&self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}

/// What a finished task says: the notice (text, is error).
pub type Outcome = (String, bool);

/// What a finished task hands back.
pub enum Finished {
    /// A notice for the clerk (an export written, cancelled, failed).
    Notice(Outcome),
    /// A step of the import wizard, for it to go on from.
    Import(ImportStep),
    /// The check of the database on open: Err is (message, damaged).
    Checked(Result<(), (String, bool)>),
}

/// The import wizard's work on another thread.
pub enum ImportStep {
    /// The file was read and checked: what an import would do.
    Planned(Result<Box<ImportPlan>, ImportError>),
    /// The plan was written (or refused); the plan travels back with the result.
    Committed(Box<ImportPlan>, Result<CommitReport, ImportError>),
}

impl Finished {
    /// The notice, when the task's outcome is one.
    pub fn notice(self) -> Option<Outcome> {
        match self {
            Finished::Notice(o) => Some(o),
            Finished::Import(_) | Finished::Checked(_) => None,
        }
    }
}

/// Work for [`Jobs::start_task`], boxed (a command carries it to the shell).
pub type Task = Box<dyn FnOnce(&Progress) -> Finished + Send>;

struct Running {
    /// What it does, for the status bar ("导出机构编制情况表").
    title: String,
    job: Job<Finished>,
}

/// The tasks running now.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Running>,
    /// Finished, not yet taken.
    done: Vec<Finished>,
}

impl Jobs {
    /// Starts `work` on another thread; its outcome becomes a notice when it finishes.
    /// `work` checks [`Progress::is_cancelled`] where it can, and says so in its outcome.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        title: impl Into<String>,
        work: impl FnOnce(&Progress) -> Outcome + Send + 'static,
    ) {
        let task: Task = Box::new(move |p| Finished::Notice(work(p)));
        self.start_task(ctx, title, Arc::new(Progress::new()), task);
    }

    /// Starts `work` on another thread, reporting to `progress`; what it hands back comes
    /// out of [`Jobs::finished`].
    pub fn start_task(
        &mut self,
        ctx: &egui::Context,
        title: impl Into<String>,
        progress: Arc<Progress>,
        work: Task,
    ) {
        self.running.push(Running {
            title: title.into(),
            job: Job::spawn(ctx, progress, work),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty() && self.done.is_empty()
    }

    /// What the tasks that have finished since the last call handed back.
    pub fn finished(&mut self) -> Vec<Finished> {
        self.collect();
        std::mem::take(&mut self.done)
    }

    /// The check on open's result, once it has finished (the other tasks' results wait
    /// for [`Jobs::finished`]).
    pub fn checked(&mut self) -> Option<Result<(), (String, bool)>> {
        self.collect();
        let k = self
            .done
            .iter()
            .position(|f| matches!(f, Finished::Checked(_)))?;
        match self.done.remove(k) {
            Finished::Checked(r) => Some(r),
            _ => None,
        }
    }

    fn collect(&mut self) {
        let done = &mut self.done;
        self.running.retain(|r| match r.job.poll() {
            Some(f) => {
                done.push(f);
                false
            }
            None => true,
        });
    }

    /// The status bar's part: each running task with its progress and 取消.
    pub fn status(&mut self, ui: &mut egui::Ui) {
        for r in &self.running {
            let p = &r.job.progress;
            let (done, total) = p.rows();
            let text = if p.is_cancelled() {
                format!("{}：正在取消…", r.title)
            } else if total > 0 {
                format!("{}：{done}/{total}", r.title)
            } else {
                format!("{}…", r.title)
            };
            let bar = egui::ProgressBar::new(p.fraction().unwrap_or(0.0))
                .desired_width(220.0)
                .text(text);
            ui.add(if total > 0 { bar } else { bar.animate(true) });
            if ui
                .add_enabled(!p.is_cancelled(), egui::Button::new("取消"))
                .on_hover_text(format!("取消{}（不留下文件）", r.title))
                .clicked()
            {
                p.cancel();
            }
            ui.separator();
        }
        if !self.running.is_empty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use std::time::{Duration, Instant};

    #[test]
    fn jobs_show_in_the_status_bar_until_done_and_cancel_from_there() {
        let mut h = Harness::builder()
            .with_context_setup(crate::ui::setup_context)
            .build_ui_state(|ui, jobs: &mut Jobs| jobs.status(ui), Jobs::default());
        let ctx = h.ctx.clone();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        h.state_mut().start(&ctx, "导出机构编制情况表", move |_| {
            let _ = wait.recv();
            ("已导出机构编制情况表".to_string(), false)
        });
        h.state_mut().start(&ctx, "导出操作日志", |p| {
            p.set_total(10);
            p.set_done(3);
            while !p.is_cancelled() {
                std::thread::sleep(Duration::from_millis(1));
            }
            ("已取消导出操作日志".to_string(), false)
        });
        // Wait for the second one to report its rows.
        let start = Instant::now();
        while h.query_by_label_contains("导出操作日志：3/10").is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no progress shown"
            );
            h.step();
        }
        assert!(h.query_by_label_contains("导出机构编制情况表…").is_some());
        assert!(h.state_mut().finished().is_empty());

        // 取消 of the second task (the second 取消 button).
        h.get_all_by_label("取消").nth(1).unwrap().click();
        h.step();
        let _ = go.send(());
        let mut outcomes = Vec::new();
        while outcomes.len() < 2 {
            assert!(start.elapsed() < Duration::from_secs(10), "{outcomes:?}");
            outcomes.extend(
                h.state_mut()
                    .finished()
                    .into_iter()
                    .filter_map(Finished::notice),
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        outcomes.sort();
        assert_eq!(
            outcomes,
            [
                ("已取消导出操作日志".to_string(), false),
                ("已导出机构编制情况表".to_string(), false)
            ]
        );
        assert!(h.state().is_empty());
        h.step();
        assert!(
            h.query_by_label("取消").is_none(),
            "nothing left in the status bar"
        );
    }
}
