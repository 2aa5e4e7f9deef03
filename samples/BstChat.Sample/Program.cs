using BstChat.Sample.Demo;
using BstChat.Sample.Hosting;
using BstChat.Sample.Pages;
using BstChat.Sample.StoreCopy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.OpenApi;

// `copy-store --from … --to …` moves chat between stores and exits; the site does not start.
if (CopyStoreCommand.IsInvoked(args, out var copyStoreArgs))
{
    return await CopyStoreCommand.RunAsync(copyStoreArgs, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options => options.LoginPath = "/");
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails();
// In Development the document is served at /openapi/v1.json: the chat API described completely
// (bodies, parameters, headers, problem codes), signed in by cookie; the site's pages are not in it.
builder.Services.AddOpenApi(o => o.AddBstChat(ChatApiAuthentication.Cookie).AddDocumentTransformer<SampleOpenApiDocument>());

builder.Services.AddBstChat(builder.Configuration.GetSection("Chat").Bind)
    .AddSampleChatStore(builder.Configuration, builder.Environment)
    .AddSampleBackplane(builder.Configuration)
    // Uploaded photos get upright JPEG thumbnails (Chat:Files:ThumbnailSize, 320 px by default).
    .AddSkiaThumbnails()
    // A chat call without a signed-in user is answered 401 problem details, not the cookie's redirect to the sign-in page.
    .AddAuthorizationProblems();
builder.Services.AddHostedService<DemoSeeder>();

var app = builder.Build();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    // A failure answers problem details without the stack trace; Development shows the developer exception page instead.
    app.UseExceptionHandler();
}

app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapDemoSignIn();
app.MapSignInPage();
app.MapLessonsPage();
app.MapLessonPage();
app.MapBstChat("/chat").RequireAuthorization();
if (app.Environment.IsDevelopment())
{
    // The API's shape is for the developers building on it, not for every visitor.
    app.MapOpenApi();
}

await app.RunAsync();
return 0;

/// <summary>The sample host's entry point, visible to the tests that start it.</summary>
public partial class Program;
