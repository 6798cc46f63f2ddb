fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = okr::doc::parse::parse_document(path, text);
    println!("{:#?}", doc.objectives);
    println!("{:#?}", doc.initiatives);
    println!("{:#?}", doc.checkins);
    println!("{:#?}", doc.sections);
}
