//! 性别: a leaf of the domain (the ID number reads it, a person has it).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim() {
            "男" | "男性" | "M" | "m" => Some(Gender::Male),
            "女" | "女性" | "F" | "f" => Some(Gender::Female),
            _ => None,
        }
    }
}
