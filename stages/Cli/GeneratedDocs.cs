using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// The parts of the docs that the catalog decides are generated, never typed: README's stage graph
/// and docs/stages.md's table of stages. `stages --docs` writes both into their marked blocks, so a
/// new stage never means editing a doc by hand; a test checks that both blocks are current.
/// </summary>
public static class GeneratedDocs
{
    /// <summary>A marked block of a doc: everything between its start marker and the end text after it.</summary>
    public sealed record Block(string File, string Start, string End)
    {
        /// <summary>What the block holds now, or null when the doc has no such block.</summary>
        public string? Shown(string text)
        {
            var from = text.IndexOf(Start, StringComparison.Ordinal);
            if (from < 0) return null;
            from += Start.Length;
            var to = text.IndexOf(End, from, StringComparison.Ordinal);
            return to < 0 ? null : text[from..to];
        }

        /// <summary>The doc with <paramref name="content"/> in the block.</summary>
        public string With(string text, string content)
        {
            var shown = Shown(text) ?? throw new UsageException($"{File} has no block between '{Start.TrimEnd()}' and '{End.TrimEnd()}'");
            var from = text.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
            return text[..from] + content + text[(from + shown.Length)..];
        }
    }

    /// <summary>README's drawing of the graph, as `stages --graph` prints it.</summary>
    public static readonly Block Graph = new("README.md", "<!-- stages --graph -->\n```\n", "```");

    /// <summary>docs/stages.md's table: each stage, what it reads, writes and is configured by.</summary>
    public static readonly Block Table = new("docs/stages.md", "<!-- stages --table -->\n", "<!-- end of the generated table -->");

    /// <summary>One row per stage: its description, the stages it reads from (and any input no stage writes), its outputs and params sections.</summary>
    public static string StageTable(IReadOnlyList<CatalogEntry> catalog, Func<IStage, IReadOnlyList<IStage>> upstream)
    {
        var written = catalog.SelectMany(e => e.Stage.Outs).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string> { "| stage | what it does | reads from | writes | params |", "|---|---|---|---|---|" };
        foreach (var e in catalog)
        {
            var s = e.Stage;
            // A folder output covers the files under it, as the runner matches inputs to outputs.
            var external = s.Deps.Where(d => !written.Any(o => d == o || d.StartsWith(o + "/", StringComparison.Ordinal)));
            var reads = upstream(s).Select(u => u.Name).Concat(external.Select(Code)).ToList();
            lines.Add($"| {s.Name} | {Cell(s.Description)} | {(reads.Count == 0 ? "—" : string.Join(", ", reads))} "
                + $"| {string.Join("<br>", s.Outs.Select(Code))} | {(e.ParamSections.Count == 0 ? "—" : string.Join(", ", e.ParamSections))} |");
        }
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Writes both blocks from the catalog; returns the docs it changed.</summary>
    public static IReadOnlyList<string> Write(ProjectPaths paths, string drawing, string table)
    {
        var changed = new List<string>();
        foreach (var (block, content) in new[] { (Graph, drawing), (Table, table) })
        {
            var file = paths.Full(block.File);
            var text = File.ReadAllText(file);
            var updated = block.With(text, content);
            if (updated == text) continue;
            File.WriteAllText(file, updated);
            changed.Add(block.File);
        }
        return changed;
    }

    private static string Code(string path) => $"`{path}`";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
