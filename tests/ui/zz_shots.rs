use crate::common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn zz_shots() {
    for (w, hgt, tag) in [(1366.0, 768.0, "s"), (1920.0, 1080.0, "l")] {
        let mut h = harness(demo_app());
        h.set_size(egui::vec2(w, hgt));
        h.run();
        h.get_by_label("文件库").click();
        h.run();
        type_into(&mut h, "查找：", "石编〔2021〕");
        h.get_by_label("石编〔2021〕1号").click();
        h.run();
        h.render()
            .unwrap()
            .save(format!("/tmp/{tag}_docs.png"))
            .unwrap();
    }
}
