// The cmdlet that valid/Get-MamlFixture.md documents; Help.Tests.ps1 compiles it with Add-Type
// to test Test-HelpCoverage on a real binary cmdlet. Not part of any project build.
using System.Management.Automation;

namespace MamlFixture
{
    [Cmdlet(VerbsCommon.Get, "MamlFixture", DefaultParameterSetName = "ByName")]
    public sealed class GetMamlFixtureCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ByName", Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FixtureName")]
        public string[] Name { get; set; }

        [Parameter(ParameterSetName = "ByPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        [Parameter(ParameterSetName = "ByName", Position = 1)]
        [Parameter(ParameterSetName = "ByPath")]
        public int Limit { get; set; } = 10;

        [Parameter]
        [ValidateSet("Fast", "Full")]
        public string Mode { get; set; } = "Fast";

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            WriteObject(Name);
        }
    }
}
