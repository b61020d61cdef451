import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plot
import SweepDataset
import XCTest

/// An element of a parsed SVG document: its name, attributes, own text (with that of
/// its children, such as a tick label's superscript) and children.
final class SVGNode {
    let name: String
    let attributes: [String: String]
    var text = ""
    var children: [SVGNode] = []

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The class attribute's words.
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// This node and all below it, depth first.
    var all: [SVGNode] { [self] + children.flatMap(\.all) }

    /// Every node below with `name` whose class list contains all of `classes`.
    func find(_ name: String, classes wanted: [String] = []) -> [SVGNode] {
        all.filter { $0.name == name && wanted.allSatisfy($0.classes.contains) }
    }

    /// The text of this node's direct `<title>` child (a tooltip), if any.
    var tooltip: String? { children.first { $0.name == "title" }?.text }
}

/// Parses SVG text with Foundation's XMLParser (so a document that is not well-formed
/// fails the test), keeping elements, text and comments.
final class SVGParser: NSObject, XMLParserDelegate {
    private var stack: [SVGNode] = []
    private(set) var root: SVGNode?
    private(set) var comments: [String] = []

    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> (root: SVGNode, comments: [String]) {
        let delegate = SVGParser()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        let ok = parser.parse()
        XCTAssertTrue(ok, "SVG is not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        let root = try XCTUnwrap(delegate.root, "no root element", file: file, line: line)
        return (root, delegate.comments)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = SVGNode(name: elementName, attributes: attributeDict)
        stack.last?.children.append(node)
        if stack.isEmpty { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let node = stack.removeLast()
        stack.last.map { $0.text += node.text }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last.map { $0.text += string }
    }

    func parser(_ parser: XMLParser, foundComment comment: String) {
        comments.append(comment)
    }
}

enum PlotTestSupport {
    /// The points of a path's `d` ("M x,y L x,y ... Z"), one array per subpath.
    static func subpaths(_ d: String) -> [[(x: Double, y: Double)]] {
        var result: [[(x: Double, y: Double)]] = []
        for token in d.split(separator: " ") {
            var text = Substring(token)
            if text.hasPrefix("M") { result.append([]) }
            if text.first == "M" || text.first == "L" { text = text.dropFirst() }
            let numbers = text.split(separator: ",").compactMap { Double($0) }
            if numbers.count == 2 && !result.isEmpty { result[result.count - 1].append((numbers[0], numbers[1])) }
        }
        return result
    }

    /// The number a tick label shows: plain ("0.05", "−2") or a power ("10" with a
    /// superscript "−3", "2×10" with "4"), where `text` is the label's whole text.
    static func tickValue(_ node: SVGNode) -> Double? {
        let minus = "\u{2212}"
        let exponent = node.children.first { $0.name == "tspan" }?.text
        var base = node.text
        if let exponent { base = String(base.dropLast(exponent.count)) }
        base = base.replacingOccurrences(of: minus, with: "-")
        guard let exponent else { return Double(base) }
        guard let power = Double(exponent.replacingOccurrences(of: minus, with: "-")) else { return nil }
        if base == "10" { return pow(10, power) }
        guard base.hasSuffix("\u{00D7}10"), let mantissa = Double(base.dropLast(3)) else { return nil }
        return mantissa * pow(10, power)
    }

    /// A result in memory as `dynsweep run` writes it: `points` sweep points over K,
    /// `times` record times from `firstTime`, eg (mean, sem, theory) falling from 0.5,
    /// and Q over (student_i, student_j) with Q[i][j] = point + 10 i + 100 j + time index.
    static func sweepResult(points: Int = 3, times: Int = 8, firstTime: Double = 0) -> SweepResult {
        let time = (0..<times).map { firstTime + Double($0) * 0.5 }
        func eg(_ p: Int, _ t: Int) -> Double { 0.5 / Double(1 + t) / Double(1 + p) }
        var mean: [Double] = [], sem: [Double] = [], theory: [Double] = [], q: [Double] = []
        for p in 0..<points {
            for t in 0..<times {
                mean.append(eg(p, t))
                sem.append(eg(p, t) * 0.1)
                theory.append(eg(p, t) * 1.02)
                for i in 0..<2 { for j in 0..<2 { q.append(Double(p + 10 * i + 100 * j + t)) } }
            }
        }
        let over = ["point", "time"], overQ = ["point", "time", "student_i", "student_j"]
        return SweepResult(
            dimensions: [.init(name: "point", size: points), .init(name: "time", size: times),
                         .init(name: "student_i", size: 2), .init(name: "student_j", size: 2)],
            coordinates: [
                .init(name: "point", dimensions: ["point"], values: .int((0..<points).map { Int64($0) })),
                .init(name: "time", dimensions: ["time"], values: .double(time),
                      attributes: [("long_name", .string("alpha = SGD steps / N (record times snap to the nearest step)"))]),
                .init(name: "K", dimensions: ["point"], values: .int((0..<points).map { Int64($0 + 1) })),
                .init(name: "student_i", dimensions: ["student_i"], values: .int([0, 1])),
                .init(name: "student_j", dimensions: ["student_j"], values: .int([0, 1])),
            ],
            data: [
                .init(name: "eg_mean", dimensions: over, values: .double(mean),
                      attributes: [("long_name", .string("mean over realizations of generalization error"))]),
                .init(name: "eg_sem", dimensions: over, values: .double(sem)),
                .init(name: "Q_mean", dimensions: overQ, values: .double(q),
                      attributes: [("long_name", .string("mean over realizations of student overlaps"))]),
                .init(name: "eg_theory", dimensions: over, values: .double(theory)),
                .init(name: "diverged", dimensions: ["point"], values: .int([Int64](repeating: 0, count: points))),
            ],
            attributes: [
                ("title", .string("dynsweep teacher_student sweep \"plot-test\"")),
                ("model_kind", .string("teacher_student")),
                ("realizations", .int(8)),
                ("time_meaning", .string("alpha = SGD steps / N (record times snap to the nearest step)")),
            ])
    }

    /// Builds and renders the figure of `result`.
    static func render(_ result: SweepResult, _ options: SweepPlotOptions = SweepPlotOptions()) throws -> String {
        try SVGPlotRenderer().render(try SweepFigureBuilder.figure(result, options: options, source: "test.h5"))
    }
}
