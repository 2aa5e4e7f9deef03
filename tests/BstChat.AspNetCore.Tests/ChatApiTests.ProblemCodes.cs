using System.Text.RegularExpressions;
using BstChat.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

// The problem codes an endpoint declares (and the OpenAPI document shows) against the refusals
// the bad-input cases actually get: a refusal the metadata does not list is a documentation bug.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Every_refusal_of_bad_input_is_declared_in_its_endpoint_s_problem_metadata()
    {
        var host = await StartHostAsync();
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        foreach (var (name, bad) in BadRequests)
        {
            var path = bad.Path.Split('?')[0];
            var endpoint = Assert.Single(endpoints, e => Serves(e, bad.Method, path));
            var declared = endpoint.Metadata.OfType<ProblemResponseMetadata>().SingleOrDefault(m => m.StatusCode == (int)bad.Status);
            Assert.True(
                declared?.Codes.Contains(bad.Code) == true,
                $"'{name}': {bad.Method} {endpoint.RoutePattern.RawText} answers {(int)bad.Status} {bad.Code} but does not declare it.");
        }
    }

    private static bool Serves(RouteEndpoint endpoint, string method, string path) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true
        && Regex.IsMatch(path, $"^{Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", "[^/]+")}$");
}
