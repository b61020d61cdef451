/// Path arithmetic on plain strings, for the few splits dynsweep needs. Foundation's
/// `NSString` path methods trap on some short inputs on Linux (a bare "x" or "."), and
/// an output path is user input, so nothing here can trap.
package enum PathText {
    /// The directory part of `path`: "." for "x", "/" for "/x", "a/b" for "a/b/c" (and
    /// "a/b" for "a/b/", whose last component is empty).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// The last component of `path`: "c" for "a/b/c", "" for "a/b/".
    package static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
