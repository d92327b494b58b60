using System.Text;

namespace WeightSpace.Pipeline;

/// <summary>
/// Draws the stage graph as text (what `stages --graph` prints and the README shows). An arrow
/// means "is read by"; an edge implied by a longer path is left out. A stage read by one stage
/// hangs under it; a stage that reads several ("report") is named after an arrow at the end of
/// each of their lines (and, if something reads it in turn, starts a tree of its own).
/// </summary>
public static class StageGraph
{
    public static string Draw(IReadOnlyList<IStage> stages, Func<IStage, IReadOnlyList<IStage>> upstream)
    {
        var ancestors = new Dictionary<IStage, HashSet<IStage>>();
        HashSet<IStage> Ancestors(IStage s)
        {
            if (ancestors.TryGetValue(s, out var known)) return known;
            var set = new HashSet<IStage>();
            foreach (var up in upstream(s)) { set.Add(up); set.UnionWith(Ancestors(up)); }
            return ancestors[s] = set;
        }
        // Transitive reduction: drop a parent that is also an ancestor of another parent.
        var parents = stages.ToDictionary(s => s, s => upstream(s).Where(p => !upstream(s).Any(q => q != p && Ancestors(q).Contains(p))).ToList());
        bool Joins(IStage s) => parents[s].Count > 1;

        var text = new StringBuilder();
        void Line(IStage s, string lead, string branch, string next)
        {
            var joins = stages.Where(j => Joins(j) && parents[j].Contains(s)).Select(j => j.Name).ToList();
            text.Append(lead).Append(branch).Append(s.Name).Append(joins.Count > 0 ? " ─► " + string.Join(", ", joins) : "").Append('\n');
            var children = stages.Where(c => !Joins(c) && parents[c].Count == 1 && parents[c][0] == s).ToList();
            for (var i = 0; i < children.Count; i++)
            {
                var last = i == children.Count - 1;
                Line(children[i], lead + next, last ? "└─► " : "├─► ", last ? "    " : "│   ");
            }
        }
        foreach (var root in stages.Where(s => parents[s].Count == 0))
            Line(root, "", "", "");
        foreach (var join in stages.Where(s => Joins(s) && stages.Any(c => parents[c].Count == 1 && parents[c][0] == s)))
        {
            Line(join, "", "", "");
        }
        return text.ToString();
    }
}
