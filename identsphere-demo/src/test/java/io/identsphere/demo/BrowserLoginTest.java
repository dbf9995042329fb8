package io.identsphere.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.Fault;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as a person meets it, in a real headless Chromium: an anonymous visit to the profile
 * goes to the fake IdentSphere's login form and back; the pages reflect the session; the session
 * outlives several access tokens (the clock moved forward); a refused refresh token signs the
 * browser out clearly; a cross-site sign-out is refused; the page's form signs out. Needs Debian's
 * {@code chromium} and {@code chromium-driver} (installed by .ci/run); skipped with that advice when
 * they are missing, failed instead with {@code -Didentsphere.browserTest=required} (.ci/run passes it).
 * Screenshots of each step are kept in {@code identsphere-demo/target/screenshots/}.
 */
@ExtendWith(BrowserRequirement.class)   // skipped with advice without Chromium; -Didentsphere.browserTest=required fails
class BrowserLoginTest {
  private static final File CHROMIUM = BrowserRequirement.find("identsphere.chromium", "chromium");
  private static final File DRIVER = BrowserRequirement.find("identsphere.chromedriver", "chromedriver");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static DemoServer demo;
  private static WebDriver browser;
  private static Path profileDir;

  @BeforeAll
  static void start() throws Exception {
    BrowserRequirement.check(CHROMIUM, DRIVER);
    demo = DemoServer.start(0, 0);
    profileDir = Files.createTempDirectory("identsphere-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1000,700", "--user-data-dir=" + profileDir);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void forgetFaults() {
    demo.idp.clearFaults(); // a fault a failed test did not consume must not fail the next one
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (demo != null) demo.close();
  }

  private static void waitFor(By by) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  private static void screenshot(String name) throws Exception {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = SHOTS.resolve(name + ".png");
    Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(kept)).isGreaterThan(1000);
  }

  private static String url(String path) {
    return demo.app().resolve(path).toString();
  }

  /** Fills the fake server's login form (clearing what it may have kept) and submits it. */
  private static void logIn(String email, String password) {
    WebElement field = browser.findElement(By.id("email"));
    field.clear();
    field.sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login")).click();
  }

  private static void signOutWithThePageForm() {
    WebElement signOut = browser.findElement(By.cssSelector("form.identsphere-logout button"));
    assertThat(signOut.findElement(By.xpath("./..")).getAttribute("method")).isEqualTo("post");
    signOut.click();
    waitFor(By.id("status"));
  }

  @Test
  void aPersonSignsIn_staysSignedIn_andSignsOut() throws Exception {
    browser.get(url("/"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("You are not signed in.");
    assertThat(browser.findElements(By.id("sign-in"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("form.identsphere-logout"))).isEmpty();
    screenshot("01-home-anonymous");

    // A page that needs a user sends the anonymous browser to the login, and back after it.
    browser.findElement(By.id("profile")).click();
    waitFor(By.id("email"));
    assertThat(browser.getCurrentUrl()).startsWith(demo.client.authority() + "/authorize");
    logIn("alice@example.test", "wrong");
    waitFor(By.id("error"));
    assertThat(browser.findElement(By.id("error")).getText()).isEqualTo("Invalid email or password.");
    screenshot("02-login-wrong-password");
    logIn("alice@example.test", "password");
    waitFor(By.id("name"));
    assertThat(browser.getCurrentUrl()).isEqualTo(url("/profile"));
    assertThat(browser.findElement(By.id("name")).getText()).isEqualTo("Alice Admin");
    assertThat(browser.findElement(By.id("roles")).getText()).isEqualTo("admin, member");
    assertThat(browser.findElement(By.id("custom-roles")).getText()).isEqualTo("billing-approver");
    Cookie access = browser.manage().getCookieNamed("identsphere_at");
    assertThat(access).isNotNull();
    assertThat(access.isHttpOnly()).isTrue();
    assertThat(access.getSameSite()).isEqualTo("Lax");
    assertThat(browser.manage().getCookieNamed("identsphere_login")).isNull();
    screenshot("03-profile");

    // Signed in, the home page offers no "Sign in" link, only the profile and the sign-out form.
    browser.get(url("/"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Signed in as Alice Admin");
    assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("form.identsphere-logout"))).hasSize(1);
    screenshot("04-home-signed-in");

    // The session outlives several access tokens (5 min each): the clock moves 6 minutes at a
    // time, and the browser drops the expired access cookie as its Max-Age says it would.
    String refresh = browser.manage().getCookieNamed("identsphere_rt").getValue();
    for (int i = 0; i < 3; i++) {
      demo.idp.clock().advance(Duration.ofMinutes(6));
      browser.manage().deleteCookieNamed("identsphere_at");
      browser.get(url("/profile"));
      waitFor(By.id("name"));
      assertThat(browser.getCurrentUrl()).as("after %d token lifetimes", i + 1).isEqualTo(url("/profile"));
      assertThat(browser.manage().getCookieNamed("identsphere_at")).isNotNull();
      String rotated = browser.manage().getCookieNamed("identsphere_rt").getValue();
      assertThat(rotated).isNotEqualTo(refresh);
      refresh = rotated;
    }
    // An expired access cookie that the browser still sends is refreshed the same way.
    demo.idp.clock().advance(Duration.ofMinutes(6));
    browser.get(url("/"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Signed in as Alice Admin");
    screenshot("05-signed-in-after-four-token-lifetimes");

    // Another site's page that posts to /auth/logout on load (a CSRF attempt) is refused.
    String app = demo.app().toString();
    String attack = "<form id=\"f\" method=\"post\" action=\"" + app + "auth/logout\"></form>"
        + "<script>document.getElementById('f').submit()</script>";
    browser.get("data:text/html," + URLEncoder.encode(attack, StandardCharsets.UTF_8).replace("+", "%20"));
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(app));
    assertThat(browser.getPageSource()).contains("\"status\":403");
    browser.get(url("/profile"));
    waitFor(By.id("name"));

    signOutWithThePageForm();
    assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("You are not signed in.");
    assertThat(browser.manage().getCookieNamed("identsphere_at")).isNull();
    assertThat(browser.manage().getCookieNamed("identsphere_rt")).isNull();
    screenshot("06-signed-out");
    browser.get(url("/api/me"));
    assertThat(browser.getPageSource()).contains("\"status\":401");
  }

  @Test
  void aRefusedRefreshToken_signsTheBrowserOutClearly() throws Exception {
    browser.get(url("/auth/login"));
    waitFor(By.id("email"));
    logIn("bob@example.test", "password");
    waitFor(By.id("name"));
    assertThat(browser.findElement(By.id("name")).getText()).isEqualTo("Bob Member");

    demo.idp.clock().advance(Duration.ofMinutes(6));
    browser.manage().deleteCookieNamed("identsphere_at");
    demo.idp.faultOnce(Endpoint.TOKEN, Fault.oauthError(400, "invalid_grant", "the session was revoked"));
    browser.get(url("/"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("You are not signed in.");
    assertThat(browser.findElements(By.id("sign-in"))).hasSize(1);
    assertThat(browser.manage().getCookieNamed("identsphere_rt")).isNull();
    assertThat(browser.manage().getCookieNamed("identsphere_idt")).isNull();
    screenshot("07-signed-out-after-a-refused-refresh");
  }
}
