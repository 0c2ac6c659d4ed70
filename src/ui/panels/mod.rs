//! The panels of the navigation, one module each. [`Panels`] holds them all, for the shell
//! to loop over (`iter_mut`) and to draw the one on screen (`get_mut`); no panel sees
//! another's state.

pub mod applications;
pub mod audit;
pub mod documents;
pub mod evaluation;
pub mod import_export;
pub mod overview;
pub mod reconcile;
pub mod registry;
pub mod settings;
pub mod township;
pub mod turnover;

use super::panel::{Nav, Panel};
use crate::store::{Result, Store};

pub struct Panels {
    pub overview: overview::OverviewState,
    pub registry: registry::RegistryState,
    pub township: township::TownshipState,
    pub turnover: turnover::TurnoverState,
    pub applications: applications::ApplicationsState,
    pub evaluation: evaluation::EvaluationState,
    pub reconcile: reconcile::ReconcileState,
    pub documents: documents::DocumentsState,
    pub import: import_export::ImportWizard,
    pub audit: audit::AuditState,
    pub settings: settings::SettingsState,
}

impl Panels {
    pub fn load(store: &Store) -> Result<Panels> {
        Ok(Panels {
            overview: overview::OverviewState::load(store)?,
            registry: registry::RegistryState::load(store)?,
            township: township::TownshipState::load(store)?,
            turnover: turnover::TurnoverState::load(store)?,
            applications: applications::ApplicationsState::load(store)?,
            evaluation: evaluation::EvaluationState::load(store)?,
            reconcile: reconcile::ReconcileState::load(store)?,
            documents: documents::DocumentsState::load(store)?,
            import: import_export::ImportWizard::load(store)?,
            audit: audit::AuditState::default(),
            settings: settings::SettingsState::load(store)?,
        })
    }

    /// Every panel, in the navigation's order.
    pub fn iter_mut(&mut self) -> [&mut dyn Panel; 11] {
        [
            &mut self.overview,
            &mut self.registry,
            &mut self.township,
            &mut self.turnover,
            &mut self.applications,
            &mut self.evaluation,
            &mut self.reconcile,
            &mut self.documents,
            &mut self.import,
            &mut self.audit,
            &mut self.settings,
        ]
    }

    /// The panel of a navigation entry.
    pub fn get_mut(&mut self, nav: Nav) -> &mut dyn Panel {
        match nav {
            Nav::Overview => &mut self.overview,
            Nav::Registry => &mut self.registry,
            Nav::Township => &mut self.township,
            Nav::Turnover => &mut self.turnover,
            Nav::Applications => &mut self.applications,
            Nav::Evaluation => &mut self.evaluation,
            Nav::Reconcile => &mut self.reconcile,
            Nav::Documents => &mut self.documents,
            Nav::ImportExport => &mut self.import,
            Nav::Audit => &mut self.audit,
            Nav::Settings => &mut self.settings,
        }
    }
}
