using WeightSpace.Core.Report;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The report's tables and figures, each declared beside its experiment (in the experiment's nested
/// Report class); this list only names them. It is code the report stage reaches, so a changed caption,
/// title, plot or borrowed row re-runs the report. A test checks that every declaration is listed.
/// </summary>
public static class ThesisReport
{
    public static readonly ReportCatalog Catalog = new(
        [
            Datasets.Report.Spec, Table2.Report.Spec, Table3.Report.Spec, Table4.Report.Spec, Table5.Report.Spec, Table6.Report.Spec,
            Table7.Report.Spec, Table8.Report.Spec, Table9.Report.Spec, Table10.Report.Spec, Sec442.Report.Spec, ZooSize.Report.Spec, ZooEmbeddings.Report.Spec,
        ],
        [
            ZooEmbeddings.Report.Figure9, ZooEmbeddings.Report.Figure10, ZooEmbeddings.Report.Figure11, ZooEmbeddings.Report.Figure12,
            ZooEmbeddings.Report.Figure13, ZooEmbeddings.Report.Figure14, Table4.Report.Figure15, AttentionMaps.Report.Figure16,
            AttentionMaps.Report.Figure17, NoiseTraining.Report.Figure18, NoiseTraining.Report.Figure19, Table10.Report.Figure20,
            Table10.Report.Figure21, Table10.Report.Figure22, ZooSize.Report.Figure,
        ]);
}
