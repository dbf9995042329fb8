package io.identsphere.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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
 * The demo's server-side login in a real headless Chromium: /auth/login, the fake IdentSphere's
 * login form, /auth/callback, the profile page, a cross-site sign-out attempt (refused), and
 * signing out with the page's POST form. Needs Debian's {@code chromium} and
 * {@code chromium-driver} (installed by .ci/run); skipped with that advice when they are missing,
 * failed instead with {@code -Didentsphere.browserTest=required} (.ci/run passes it).
 * The screenshot is kept at {@code identsphere-demo/target/artifacts/profile.png}.
 */
@ExtendWith(BrowserRequirement.class)   // skipped with advice without Chromium; -Didentsphere.browserTest=required fails
class BrowserLoginTest {
  private static final File CHROMIUM = BrowserRequirement.find("identsphere.chromium", "chromium");
  private static final File DRIVER = BrowserRequirement.find("identsphere.chromedriver", "chromedriver");
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
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (demo != null) demo.close();
  }

  private static void waitFor(By by) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  @Test
  void signIn_seeProfile_signOut() throws Exception {
    browser.get(demo.app().toString());
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("You are not signed in.");

    browser.findElement(By.id("sign-in")).click();
    waitFor(By.id("email"));
    assertThat(browser.getCurrentUrl()).startsWith(demo.client.authority() + "/authorize");
    browser.findElement(By.id("email")).sendKeys("alice@example.test");
    browser.findElement(By.id("password")).sendKeys("wrong");
    browser.findElement(By.id("login")).click();
    waitFor(By.id("error"));
    assertThat(browser.findElement(By.id("error")).getText()).isEqualTo("Invalid email or password.");
    browser.findElement(By.id("email")).sendKeys("alice@example.test");
    browser.findElement(By.id("password")).sendKeys("password");
    browser.findElement(By.id("login")).click();

    waitFor(By.id("name"));
    assertThat(browser.getCurrentUrl()).isEqualTo(demo.app().resolve("/profile").toString());
    assertThat(browser.findElement(By.id("name")).getText()).isEqualTo("Alice Admin");
    assertThat(browser.findElement(By.id("roles")).getText()).isEqualTo("admin, member");
    assertThat(browser.findElement(By.id("custom-roles")).getText()).isEqualTo("billing-approver");
    Cookie access = browser.manage().getCookieNamed("identsphere_at");
    assertThat(access).isNotNull();
    assertThat(access.isHttpOnly()).isTrue();
    assertThat(access.getSameSite()).isEqualTo("Lax");
    assertThat(browser.manage().getCookieNamed("identsphere_login")).isNull();

    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "artifacts", "profile.png");
    Files.createDirectories(kept.getParent());
    Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(kept)).isGreaterThan(1000);

    // Another site's page that posts to /auth/logout on load (a CSRF attempt) is refused.
    String app = demo.app().toString();
    String attack = "<form id=\"f\" method=\"post\" action=\"" + app + "auth/logout\"></form>"
        + "<script>document.getElementById('f').submit()</script>";
    browser.get("data:text/html," + URLEncoder.encode(attack, StandardCharsets.UTF_8).replace("+", "%20"));
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(app));
    assertThat(browser.getPageSource()).contains("\"status\":403");
    browser.get(demo.app().resolve("/profile").toString());
    waitFor(By.id("name"));
    assertThat(browser.manage().getCookieNamed("identsphere_at")).isNotNull();

    WebElement signOut = browser.findElement(By.cssSelector("form.identsphere-logout button"));
    assertThat(signOut.findElement(By.xpath("./..")).getAttribute("method")).isEqualTo("post");
    signOut.click();
    waitFor(By.id("status"));
    assertThat(browser.getCurrentUrl()).isEqualTo(demo.app().toString());
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("You are not signed in.");
    assertThat(browser.manage().getCookieNamed("identsphere_at")).isNull();

    browser.get(demo.app().resolve("/profile").toString());
    assertThat(browser.getPageSource()).contains("\"status\":401");
  }
}
