/// An sRGB color, written into SVG as `#rrggbb`.
package struct PlotColor: Sendable, Equatable, Hashable {
    package let red: UInt8
    package let green: UInt8
    package let blue: UInt8

    package init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`.
    package var hex: String {
        "#" + [red, green, blue].map { value in
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    package static let black = PlotColor(red: 0, green: 0, blue: 0)
    /// For legend keys that describe a style rather than a series.
    package static let gray = PlotColor(red: 0x55, green: 0x55, blue: 0x55)

    /// The color cycle: the Okabe-Ito palette (distinguishable with the common forms of
    /// color blindness), then Tableau's, so neighbouring sweep points stay apart.
    package static let cycle: [PlotColor] = [
        PlotColor(red: 0x00, green: 0x72, blue: 0xB2),  // blue
        PlotColor(red: 0xD5, green: 0x5E, blue: 0x00),  // vermillion
        PlotColor(red: 0x00, green: 0x9E, blue: 0x73),  // bluish green
        PlotColor(red: 0xCC, green: 0x79, blue: 0xA7),  // reddish purple
        PlotColor(red: 0xE6, green: 0x9F, blue: 0x00),  // orange
        PlotColor(red: 0x56, green: 0xB4, blue: 0xE9),  // sky blue
        PlotColor(red: 0x00, green: 0x00, blue: 0x00),  // black
        PlotColor(red: 0x8C, green: 0x56, blue: 0x4B),  // brown
        PlotColor(red: 0x94, green: 0x67, blue: 0xBD),  // purple
        PlotColor(red: 0xBC, green: 0xBD, blue: 0x22),  // olive
    ]

    /// The `index`-th color of the cycle (it wraps around).
    package static func cycle(_ index: Int) -> PlotColor {
        let n = cycle.count
        return cycle[((index % n) + n) % n]
    }
}
